import Foundation
import GRDB
import Lapor

/// A file-backed ticket store: one SQLite file holding the event journal and its projections.
///
/// Opening checks the file before SQLite writes to it: a file that is not an SQLite database, a
/// database of a newer schema or one that is not a Lapor store is refused untouched. The
/// connection runs in WAL mode with `synchronous = FULL` (every committed command survives a
/// crash or power loss) and waits up to `busyTimeout` seconds for a lock held by another process.
/// An import into the empty store runs with a rollback journal instead, when it can have the file
/// to itself (see `importJournal(lines:file:heldTickets:)`).
///
/// Every command runs in one `BEGIN IMMEDIATE` transaction: read the ticket, run `Engine.run`,
/// append the events, update the projections and the outbox, record the command id. A refused
/// command rolls back and leaves the file as it was.
public final class TicketStore: Sendable {
    /// The database file.
    public let path: String
    /// Seconds a command waits for another process's lock before it fails with `LAP704`.
    public let busyTimeout: Double
    let queue: DatabaseQueue

    /// How a store is opened.
    public enum Mode: Sendable {
        /// Read and write; create the file if it does not exist.
        case create
        /// Read and write an existing store.
        case write
        /// Read an existing store; nothing is written, not even the schema.
        case read
    }

    /// Opens the store at `path`.
    public init(path: String, mode: Mode = .create, busyTimeout: Double = 5) throws(Diagnostic) {
        self.path = path
        self.busyTimeout = busyTimeout
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && mode != .create { throw .storeMissing(path) }
        if exists { try Self.checkHeader(path) }
        if exists && mode == .read { try Self.rollBackInterruptedImport(path, timeout: busyTimeout) }
        if mode != .read {
            let directory = (path as NSString).deletingLastPathComponent
            if exists && !FileManager.default.isWritableFile(atPath: path) {
                throw .storeReadOnly(path, detail: "the file is read-only")
            }
            if !FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) {
                throw .storeReadOnly(path, detail: "its directory is read-only (the journal needs -wal and -shm files)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = mode == .read
        configuration.label = "lapor-store"
        let readOnly = mode == .read
        configuration.prepareDatabase { db in
            if !readOnly { try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        queue = try Self.retryingBusy(timeout: busyTimeout) { () throws(Diagnostic) in
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch {
                throw Self.diagnostic(error, path: path, timeout: busyTimeout)
            }
        }
        try Self.retryingBusy(timeout: busyTimeout) { () throws(Diagnostic) in try checkSchema(migrate: mode != .read) }
    }

    /// Runs `body` again while it fails with `LAP704`, for about `timeout` seconds.
    ///
    /// While another process creates the store (switching it to WAL, running the schema steps),
    /// SQLite can answer SQLITE_BUSY at once instead of calling the busy handler.
    private static func retryingBusy<T>(timeout: Double, _ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        var attempts = 0
        while true {
            do {
                return try body()
            } catch  where error.code == .storeBusy && Double(attempts) * 0.05 < timeout {
                attempts += 1
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// Rolls back the hot journal an import killed inside its transaction leaves (see
    /// `withRollbackJournal(_:)`): SQLite refuses to read such a file read-only, so a read-write
    /// connection opens it once, restoring the store as it was before the import, and closes.
    private static func rollBackInterruptedImport(_ path: String, timeout: Double) throws(Diagnostic) {
        let journal = path + "-journal"
        let size = (try? FileManager.default.attributesOfItem(atPath: journal))?[.size] as? NSNumber
        guard let size, size.intValue > 0 else { return }
        var configuration = Configuration()
        configuration.busyMode = .timeout(timeout)
        configuration.label = "lapor-store-recovery"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            try queue.close()
        } catch let error as DatabaseError
            where [.SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM].contains(error.resultCode)
        {
            throw .storeReadOnly(
                path,
                detail: "an interrupted import left the rollback journal '\(journal)', which only a process that can "
                    + "write the store and its directory can roll back")
        } catch {
            throw diagnostic(error, path: path, timeout: timeout)
        }
    }

    /// "SQLite format 3\0": the first 16 bytes of every SQLite database file.
    private static let header = Array("SQLite format 3\u{0}".utf8)

    /// Refuses a non-empty file that does not start like an SQLite database, before SQLite opens it.
    private static func checkHeader(_ path: String) throws(Diagnostic) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .storeReadOnly(path, detail: "the file cannot be read")
        }
        defer { try? handle.close() }
        let bytes = (try? handle.read(upToCount: header.count)) ?? Data()
        guard bytes.isEmpty || Array(bytes) == header else {
            throw .storeNotADatabase(path, detail: "the file does not start with the SQLite header")
        }
    }

    /// Applies missing schema steps; refuses stores of a newer schema and SQLite files of other programs.
    private func checkSchema(migrate: Bool) throws(Diagnostic) {
        let migrator = Schema.migrator
        let known = Set(migrator.migrations)
        let (applied, tables): (Set<String>, Set<String>) = try read { db in
            let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
            let applied =
                tables.contains("grdb_migrations")
                ? Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
            return (applied, tables)
        }
        let unknown = applied.subtracting(known)
        guard unknown.isEmpty else { throw .storeNewerSchema(path, unknown: unknown.sorted()) }
        // A store another process is creating has `grdb_migrations` before its first step commits.
        let foreign = tables.subtracting(["sqlite_sequence", "grdb_migrations"])
        if applied.isEmpty && !foreign.isEmpty {
            throw .storeNotADatabase(
                path,
                detail:
                    "it is an SQLite database of another program (tables: \(foreign.sorted().joined(separator: ", ")))")
        }
        guard migrate else { return }
        do {
            // Another process creating the same store may commit a step first (ours then fails on an
            // existing table): migrating again skips the steps it applied.
            var attempt = 0
            while true {
                do {
                    try migrator.migrate(queue)
                    break
                } catch  where attempt < 3 {
                    attempt += 1
                }
            }
            // GRDB may reset the pragma while it sets the connection up; make sure it holds.
            try queue.writeWithoutTransaction { db in
                if try Int.fetchOne(db, sql: "PRAGMA synchronous") != 2 {
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                }
            }
        } catch {
            throw Self.diagnostic(error, path: path, timeout: busyTimeout)
        }
    }

    /// The value of `PRAGMA synchronous` and `journal_mode` on the store's connection.
    public func durability() throws(Diagnostic) -> (synchronous: Int, journalMode: String) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            )
        }
    }

    // MARK: Transactions

    /// Runs `body` in a read transaction.
    func read<T>(_ body: (Database) throws -> T) throws(Diagnostic) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw Self.diagnostic(error, path: path, timeout: busyTimeout)
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; a thrown error rolls everything back.
    func write<T>(_ body: (Database) throws -> T) throws(Diagnostic) -> T {
        try write(.immediate, body)
    }

    /// Runs `body` in one transaction of `kind`; a thrown error rolls everything back.
    func write<T>(_ kind: Database.TransactionKind, _ body: (Database) throws -> T) throws(Diagnostic) -> T {
        var result: T?
        do {
            try queue.inTransaction(kind) { db in
                result = try body(db)
                return .commit
            }
        } catch {
            throw Self.diagnostic(error, path: path, timeout: busyTimeout)
        }
        guard let result else { throw .storeFailure(path, detail: "the transaction produced no result") }
        return result
    }

    /// The diagnostic for an error thrown inside a transaction or by SQLite.
    static func diagnostic(_ error: any Error, path: String, timeout: Double) -> Diagnostic {
        if let refused = error as? Refused { return refused.diagnostic }
        guard let database = error as? DatabaseError else {
            return .storeFailure(path, detail: String(describing: error))
        }
        let detail = database.message ?? "\(database.resultCode)"
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .storeBusy(path, seconds: timeout)
        case .SQLITE_READONLY, .SQLITE_PERM: return .storeReadOnly(path, detail: detail)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .storeNotADatabase(path, detail: detail)
        default: return .storeFailure(path, detail: detail)
        }
    }
}

/// A diagnostic thrown inside a transaction to roll it back.
struct Refused: Error {
    var diagnostic: Diagnostic
}
