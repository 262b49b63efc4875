import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a failed network connection is called where people read it (a stored error, a
/// command's one line, `doctor`): a stable code and a fixed sentence, never the error's own
/// description, which names library types, errno values and socket addresses. Shared by every
/// module that opens connections (the database, the LLM clients, delivery); callers log the raw
/// error themselves.
public enum ConnectionFailure {
    /// The code and sentence for an error of SwiftNIO, its TLS or its connection attempts;
    /// `nil` for any other error (the caller knows its own library's errors better).
    public static func classify(_ error: any Error) -> (code: String, sentence: String)? {
        switch error {
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return refused
            case ETIMEDOUT: return ("timeout", "no answer in time")
            case ECONNRESET, EPIPE: return ("connection_closed", "the connection was closed by the other side")
            case EHOSTUNREACH, ENETUNREACH: return ("unreachable", "the server cannot be reached from here")
            default: return ("network", "the connection failed")
            }
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return ("timeout", "no answer in time")
            case .ioOnClosedChannel, .outputClosed, .inputClosed, .eof, .alreadyClosed:
                return ("connection_closed", "the connection was closed")
            default: return ("network", "the connection failed")
            }
        case let error as NIOConnectionError:
            if error.dnsAAAAError != nil || error.dnsAError != nil, error.connectionErrors.isEmpty {
                return ("dns", "the server's name could not be resolved")
            }
            if error.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) { return refused }
            return ("network", "the connection failed")
        case is NIOSSLError, is BoringSSLError:
            return ("tls", "the secure connection (TLS) could not be set up")
        default:
            return nil
        }
    }

    static let refused = ("connection_refused", "the server refused the connection (is it running, and is the port right?)")
}
