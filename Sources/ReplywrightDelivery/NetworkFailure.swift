import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// What a failed connection is called where users read it (a delivery's `lastError`, a job's):
/// a stable code and a fixed sentence, never the error's own description, which names library
/// types, errno values and socket addresses. The raw error goes to the log only.
enum NetworkFailure {
    /// `code: sentence`, e.g. `connection_refused: the server refused the connection`.
    static func words(for error: any Error, logger: Logger, context: String) -> String {
        let (code, sentence) = classify(error)
        logger.warning("\(context) failed", metadata: ["error_code": "\(code)", "error": "\(String(describing: error).prefix(500))"])
        return "\(code): \(sentence)"
    }

    static func classify(_ error: any Error) -> (code: String, sentence: String) {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded:
                return ("timeout", "no answer in time")
            case .remoteConnectionClosed, .cancelled:
                return ("connection_closed", "the connection closed before an answer")
            case .invalidURL, .emptyHost, .emptyScheme:
                return ("bad_address", "the address is not one that can be called")
            default:
                return ("network", "the call failed on the network")
            }
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return ("connection_refused", "the server refused the connection (is it running, and is the port right?)")
            case ETIMEDOUT: return ("timeout", "no answer in time")
            case ECONNRESET, EPIPE: return ("connection_closed", "the connection was closed by the other side")
            case EHOSTUNREACH, ENETUNREACH: return ("unreachable", "the server cannot be reached from here")
            default: return ("network", "the connection failed")
            }
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return ("timeout", "no answer in time")
            case .ioOnClosedChannel, .outputClosed, .inputClosed, .eof, .alreadyClosed: return ("connection_closed", "the connection was closed")
            default: return ("network", "the connection failed")
            }
        case let error as NIOConnectionError:
            if error.dnsAAAAError != nil || error.dnsAError != nil, error.connectionErrors.isEmpty {
                return ("dns", "the server's name could not be resolved")
            }
            let codes = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
            if codes.contains(ECONNREFUSED) {
                return ("connection_refused", "the server refused the connection (is it running, and is the port right?)")
            }
            return ("network", "the connection failed")
        case is NIOSSLError, is BoringSSLError:
            return ("tls", "the secure connection (TLS) could not be set up")
        case is CancellationError:
            return ("cancelled", "the attempt was interrupted")
        default:
            return ("network", "the connection failed")
        }
    }
}
