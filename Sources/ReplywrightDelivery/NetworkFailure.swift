import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ReplywrightNetwork

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
        case is CancellationError:
            return ("cancelled", "the attempt was interrupted")
        default:
            return ConnectionFailure.classify(error) ?? ("network", "the connection failed")
        }
    }
}
