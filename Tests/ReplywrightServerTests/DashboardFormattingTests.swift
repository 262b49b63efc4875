import Foundation
import Testing

@testable import ReplywrightServer

/// The dashboard's own date and number formatting agrees with Foundation's calendar and
/// printf across zones, DST changes, leap days and centuries.
@Suite("Dashboard formatting")
struct DashboardFormattingTests {
    @Test(arguments: ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"])
    func datesMatchTheCalendar(zoneID: String) throws {
        let zone = try #require(TimeZone(identifier: zoneID))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var generator = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [0, -1, 951_782_400, 1_709_164_800, 4_107_542_400, -2_208_988_800, 1_711_846_800, 1_730_595_600]
        let random = (0..<2000).map { _ in TimeInterval(Int.random(in: -3_000_000_000...5_000_000_000, using: &generator)) }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds + 0.7)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let expected = String(
                format: "%d %@ %d %02d:%02d", parts.day!, DashboardHTML.months[parts.month! - 1], parts.year!, parts.hour!, parts.minute!)
            #expect(DashboardHTML.dateTime(date, in: zone) == expected, "\(seconds) in \(zoneID)")
        }
    }

    @Test func numbersMatchPrintf() {
        for value in [0, 0.005, 0.015, 0.125, 0.85, 0.999, 1, 1.005, 12.345, -0.004, -0.5, -1.25, 1234.5678] {
            for digits in [0, 2, 4] {
                let printf = String(format: "%.\(digits)f", value)
                let ours = DashboardHTML.fixed(value, digits: digits)
                // printf rounds binary halves to even; ours rounds half away from zero: equal but for exact ties.
                #expect(ours == printf || abs(Double(ours)! - Double(printf)!) <= pow(10, -Double(digits)) + 1e-12, "\(value) \(digits)")
                #expect(ours != "-0" && ours != "-0.00" && ours != "-0.0000")
            }
        }
        #expect(DashboardHTML.fixed(0.85, digits: 2) == "0.85" && DashboardHTML.fixed(-1.25, digits: 2) == "-1.25")
        #expect(DashboardHTML.fixed(.nan, digits: 2) == "–")
    }

    @Test func identifiersReadAsWords() {
        #expect(DashboardHTML.spaced("wants_times") == "wants times" && DashboardHTML.spaced("not_now_later") == "not now later")
        #expect(DashboardHTML.spaced("question") == "question" && DashboardHTML.spaced("_x_") == " x " && DashboardHTML.spaced("") == "")
        #expect(DashboardHTML.spaced("préférence_é") == "préférence é")
    }

    @Test func chartsAreDrawnForADesktopAndForAPhone() throws {
        let days = (1...30).map { String(format: "2026-11-%02d", $0) }
        let svg = SVGChart.stackedBars(
            title: "Calls", categories: days, series: [.init(name: "llm", style: "llm", values: days.indices.map(Double.init))],
            format: { String(Int($0)) })
        let charts = svg.components(separatedBy: "<svg").dropFirst()
        #expect(charts.count == 2 && charts[1].contains(#"class="chart wide" viewBox="0 0 720 220""#))
        let narrow = try #require(charts.last)
        #expect(narrow.contains(#"class="chart narrow" viewBox="0 0 320 220""#))
        // Day labels sit at least 90 units apart, so at a phone's ~350 px they do not run together.
        let labels = narrow.matches(of: /text-anchor="middle">(\d\d-\d\d)</).map { String($0.1) }
        #expect(labels.count >= 3 && labels.count <= 4 && labels.first == "11-01", "\(labels)")
        #expect(charts.first?.matches(of: /text-anchor="middle">/).count ?? 0 <= 8)
    }

    @Test func aKeysUseIsRecordedOnceAMinutePerNode() {
        let cache = APIKeyCache()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(cache.useToRecord("key-1", now: start) == start)
        #expect(cache.useToRecord("key-1", now: start.addingTimeInterval(59)) == nil, "within the minute")
        #expect(cache.useToRecord("key-2", now: start.addingTimeInterval(59)) != nil, "each key on its own")
        #expect(cache.useToRecord("key-1", now: start.addingTimeInterval(60)) == start.addingTimeInterval(60))
    }
}
