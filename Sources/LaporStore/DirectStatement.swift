import GRDB
import GRDBSQLite

/// Binds values of a prepared statement through the SQLite C API, one after the other.
///
/// GRDB's `StatementArguments` box every value and cost more than SQLite's own work for the
/// store's hot inserts and updates (journal events, tickets rows), so those bind directly. Strings
/// are bound with their length (an embedded NUL is kept) and copied by SQLite.
struct DirectBinder {
    private let handle: SQLiteStatement
    private var index: Int32 = 0

    fileprivate init(_ handle: SQLiteStatement) { self.handle = handle }

    /// `SQLITE_TRANSIENT`: SQLite copies the value before the bind returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    mutating func bind(_ value: String) {
        index += 1
        var value = value
        value.withUTF8 { utf8 in
            if let base = utf8.baseAddress, !utf8.isEmpty {
                _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
                }
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func bind(_ value: Int64?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(_ value: Int) { bind(Int64(value)) }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    private mutating func bindNull() {
        index += 1
        sqlite3_bind_null(handle, index)
    }
}

extension Statement {
    /// Binds the statement's parameters with `bind` and runs it to its end, inside the caller's
    /// GRDB transaction (the store registers no transaction observers that this would bypass).
    func run(_ db: Database, _ bind: (inout DirectBinder) -> Void) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        var binder = DirectBinder(handle)
        bind(&binder)
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        let message = code == SQLITE_DONE ? nil : db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}
