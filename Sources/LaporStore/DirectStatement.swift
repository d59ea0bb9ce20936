import GRDB
import GRDBSQLite

/// Collects the values of a prepared statement's parameters and binds them through the SQLite C
/// API, one after the other.
///
/// GRDB's `StatementArguments` box every value and cost more than SQLite's own work for the
/// store's hot inserts and updates (journal events, tickets rows), so those bind directly. Strings
/// are copied into one buffer, bound without SQLite copying them again (`SQLITE_STATIC`) while the
/// statement runs, and unbound before the buffer can change; their length is bound with them (an
/// embedded NUL is kept). A binder can be reused: running a statement empties it.
struct DirectBinder {
    private enum Value {
        case text(start: Int, count: Int)
        case integer(Int64)
        case null
    }

    private var values: [Value] = []
    private var text: [UInt8] = []

    /// An empty binder with room for `parameters` values and `bytes` bytes of text.
    init(parameters: Int = 24, bytes: Int = 1_024) {
        values.reserveCapacity(parameters)
        text.reserveCapacity(bytes)
    }

    /// The number of values bound so far.
    var count: Int { values.count }

    mutating func bind(_ value: String) {
        var value = value
        value.withUTF8 { bind(utf8: $0) }
    }

    /// Binds text given as its UTF-8 bytes, which must be valid UTF-8.
    mutating func bind(utf8: UnsafeBufferPointer<UInt8>) {
        let start = text.count
        text.append(contentsOf: utf8)
        values.append(.text(start: start, count: utf8.count))
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { values.append(.null) }
    }

    mutating func bind(_ value: Int64) { values.append(.integer(value)) }

    mutating func bind(_ value: Int64?) {
        if let value { bind(value) } else { values.append(.null) }
    }

    mutating func bind(_ value: Int) { bind(Int64(value)) }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    /// Binds the values to the parameters of `handle` in order, runs `body` and unbinds them; the
    /// binder is empty afterwards.
    fileprivate mutating func withBound<T>(_ handle: SQLiteStatement, _ body: () -> T) -> T {
        let result = text.withUnsafeBufferPointer { text -> T in
            for (offset, value) in values.enumerated() {
                let index = Int32(offset + 1)
                switch value {
                case .text(let start, let count):
                    if let base = text.baseAddress, count > 0 {
                        _ = (base + start).withMemoryRebound(to: CChar.self, capacity: count) {
                            sqlite3_bind_text(handle, index, $0, Int32(count), nil)
                        }
                    } else {
                        _ = sqlite3_bind_text(handle, index, "", 0, nil)
                    }
                case .integer(let integer): sqlite3_bind_int64(handle, index, integer)
                case .null: sqlite3_bind_null(handle, index)
                }
            }
            defer { sqlite3_clear_bindings(handle) }
            return body()
        }
        values.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        return result
    }
}

extension Statement {
    /// Binds the statement's parameters with `bind` and runs it to its end, inside the caller's
    /// GRDB transaction (the store registers no transaction observers that this would bypass).
    func run(_ db: Database, _ bind: (inout DirectBinder) -> Void) throws {
        var binder = DirectBinder()
        bind(&binder)
        try run(db, &binder)
    }

    /// Runs the statement to its end with the values collected in `binder`, which is empty
    /// afterwards (see `run(_:_:)`).
    func run(_ db: Database, _ binder: inout DirectBinder) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        let (code, message) = binder.withBound(handle) { () -> (Int32, String?) in
            var code = sqlite3_step(handle)
            while code == SQLITE_ROW { code = sqlite3_step(handle) }
            let message = code == SQLITE_DONE ? nil : db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_reset(handle)
            return (code, message)
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}
