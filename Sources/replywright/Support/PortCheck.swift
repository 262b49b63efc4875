import ReplywrightCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether a TCP port can be listened on, checked before a command touches the database, so
/// `serve` on a port in use says so in one line instead of failing after migrating.
enum PortCheck {
    static func requireFree(host: String, port: Int) throws(AppError) {
        guard port != 0, inUse(host: host, port: port) else { return }
        throw AppError.invalid("port \(port) is in use; pass --port with another one (0 picks a free one)")
    }

    static func inUse(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_PASSIVE
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else { return false }
        defer { freeaddrinfo(result) }
        let socketFD = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        // As the server binds: address reuse on, so a port in TIME_WAIT is not "in use".
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        return bind(socketFD, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 && errno == EADDRINUSE
    }
}
