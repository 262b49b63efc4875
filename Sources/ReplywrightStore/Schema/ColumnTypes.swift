/// The few column types whose spelling differs between the engines. Everything else in the
/// schema (TEXT, INTEGER, BIGINT, constraints, indexes) is written once for both.
struct ColumnTypes {
    let timestamp: String
    let bool: String
    let double: String
    let engine: DatabaseEngine

    init(_ engine: DatabaseEngine) {
        self.engine = engine
        switch engine {
        case .sqlite:
            // SQLiteKit binds `Date` as a REAL (seconds since 1970), which sorts and compares.
            timestamp = "REAL"
            bool = "INTEGER"
            double = "REAL"
        case .postgres:
            timestamp = "TIMESTAMPTZ"
            bool = "BOOLEAN"
            double = "DOUBLE PRECISION"
        }
    }
}
