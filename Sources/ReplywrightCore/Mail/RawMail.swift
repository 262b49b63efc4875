import Foundation

/// A whole RFC 5322 message (as an inbound mail provider or a `.eml` file gives it) read into
/// what reading needs: the headers, the subject with its encoded words decoded, the plain text
/// a person would read, and the machine-readable parts of a report (a DSN's
/// `message/delivery-status`, an ARF `message/feedback-report`, the returned message's headers).
/// MIME multiparts are walked; quoted-printable and base64 are decoded; HTML becomes text when
/// there is no plain part.
public struct RawMail: Sendable, Hashable {
    public var headers: MailHeaders
    public var subject: String?
    public var text: String
    /// The report parts' text: delivery status, feedback report, returned headers.
    public var reports: [String]

    public init(headers: MailHeaders, subject: String?, text: String, reports: [String] = []) {
        self.headers = headers
        self.subject = subject
        self.text = text
        self.reports = reports
    }

    /// Reads at most `limit` characters (a multi-megabyte attachment is not walked).
    public static func parse(_ source: String, limit: Int = 2_000_000) -> RawMail {
        let normalized = String(source.prefix(limit)).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let (headers, body) = split(normalized)
        var plain: [String] = []
        var html: [String] = []
        var reports: [String] = []
        walk(headers: headers, body: body, plain: &plain, html: &html, reports: &reports, depth: 0)
        let text = plain.first ?? html.first.map(Self.htmlText) ?? ""
        return RawMail(
            headers: headers, subject: headers.value("Subject").map(decodeEncodedWords), text: text.trimmingCharacters(in: .whitespacesAndNewlines),
            reports: reports)
    }

    static func split(_ text: String) -> (MailHeaders, String) {
        guard let range = text.range(of: "\n\n") else { return (MailHeaders.parse(text), "") }
        return (MailHeaders.parse(String(text[..<range.lowerBound])), String(text[range.upperBound...]))
    }

    private static func walk(headers: MailHeaders, body: String, plain: inout [String], html: inout [String], reports: inout [String], depth: Int) {
        let type = (headers.value("Content-Type") ?? "text/plain").lowercased()
        let mediaType = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "text/plain"
        // A boundary parameter folded without indentation reads as a header of its own; the
        // first delimiter line of the body then tells it.
        let boundary =
            parameter("boundary", in: headers.value("Content-Type") ?? "") ?? headers.value("boundary")?.trimmingCharacters(
                in: CharacterSet(charactersIn: "\""))
            ?? body.split(separator: "\n").first { $0.hasPrefix("--") && $0.count > 2 }.map {
                String($0.dropFirst(2)).trimmingCharacters(in: .whitespaces)
            }
        if mediaType.hasPrefix("multipart/"), depth < 8, let boundary {
            for part in parts(of: body, boundary: boundary) {
                let (partHeaders, partBody) = split(part)
                walk(headers: partHeaders, body: partBody, plain: &plain, html: &html, reports: &reports, depth: depth + 1)
            }
            return
        }
        let decoded = decode(body, encoding: headers.value("Content-Transfer-Encoding"), charset: parameter("charset", in: type))
        switch mediaType {
        case "message/delivery-status", "message/feedback-report", "message/global-delivery-status", "text/rfc822-headers",
            "message/global-headers":
            reports.append(decoded)
        case "message/rfc822", "message/global":
            // The returned or reported message: its headers name who it went to.
            let (inner, _) = split(decoded)
            reports.append(inner.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
        case "text/html": html.append(decoded)
        case "text/plain": plain.append(decoded)
        default: break
        }
    }

    static func parts(of body: String, boundary: String) -> [String] {
        let delimiter = "--" + boundary
        var parts: [String] = []
        var current: [Substring]?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == delimiter + "--" { break }
            if trimmed == delimiter {
                if let current { parts.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current?.append(line)
            }
        }
        if let current, !current.isEmpty { parts.append(current.joined(separator: "\n")) }
        return parts
    }

    /// `boundary="abc"` or `charset=utf-8` out of a header value.
    static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    static func decode(_ body: String, encoding: String?, charset: String?) -> String {
        let bytes: [UInt8]
        switch encoding?.lowercased().trimmingCharacters(in: .whitespaces) {
        case "base64":
            bytes = Data(base64Encoded: body.filter { !$0.isWhitespace }, options: .ignoreUnknownCharacters).map { [UInt8]($0) } ?? Array(body.utf8)
        case "quoted-printable":
            bytes = quotedPrintable(body)
        default:
            return body
        }
        return string(bytes, charset: charset)
    }

    static func string(_ bytes: [UInt8], charset: String?) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        // Latin-1 and its Windows relative map bytes to the first 256 code points.
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    static func quotedPrintable(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            var bytes = Array(line.utf8)
            let soft = bytes.last == UInt8(ascii: "=")
            if soft { bytes.removeLast() }
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count,
                    let value = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
                {
                    out.append(value)
                    i += 3
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            if !soft, index < lines.count - 1 { out.append(UInt8(ascii: "\n")) }
        }
        return out
    }

    /// RFC 2047: `=?UTF-8?B?…?=` and `=?iso-8859-1?Q?…?=` words in a header value.
    public static func decodeEncodedWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        // Adjacent encoded words are one text: the space between them is not part of it.
        let joined = value.replacing(CachedRegex.simple(#"\?=\s+=\?"#), with: "?==?")
        var result = joined
        for match in joined.matches(of: CachedRegex.simple(#"=\?([^?]+)\?([bBqQ])\?([^?]*)\?="#)).reversed() {
            let charset = match.output[1].substring.map(String.init)
            let payload = String(match.output[3].substring ?? "")
            let bytes: [UInt8]
            if match.output[2].substring?.lowercased() == "b" {
                bytes = Data(base64Encoded: payload, options: .ignoreUnknownCharacters).map { [UInt8]($0) } ?? Array(payload.utf8)
            } else {
                bytes = quotedPrintable(payload.replacingOccurrences(of: "_", with: " "))
            }
            result.replaceSubrange(match.range, with: string(bytes, charset: charset))
        }
        return result
    }

    /// Tags dropped, line breaks kept, common entities decoded.
    public static func htmlText(_ html: String) -> String {
        var text = html.replacing(CachedRegex.simple(#"(?is)<(script|style)\b.*?</\1>"#), with: "")
        text = text.replacing(CachedRegex.simple(#"(?i)<br\s*/?>"#), with: "\n")
        text = text.replacing(CachedRegex.simple(#"(?i)</(p|div|tr|li|h[1-6]|blockquote)>"#), with: "\n")
        text = text.replacing(CachedRegex.simple(#"<[^>]+>"#), with: "")
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&amp;", "&")]
        {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacing(CachedRegex.simple(#"\n{3,}"#), with: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
