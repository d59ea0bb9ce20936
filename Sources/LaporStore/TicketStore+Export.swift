import Foundation
import GRDB
import Lapor

/// The JSON Lines export of a store: first one line per definition, then one line per event in
/// journal order. Importing an export into an empty store and exporting again gives the same bytes.
/// Outbox messages and command ids are operational state and are not exported (an import must not
/// notify anyone again).
enum ExportLine {
    struct DefinitionLine: Codable {
        var kind = "definition"
        var hash: String
        var workflow: String
        var version: String
        var normalized: String
        var recordedAt: String

        enum CodingKeys: String, CodingKey {
            case kind, hash, workflow, version, normalized
            case recordedAt = "recorded_at"
        }
    }

    struct EventLine: Codable {
        var kind = "event"
        var definition: String
        var commandID: String?
        var recordedAt: String
        var event: Event

        enum CodingKeys: String, CodingKey {
            case kind, definition, event
            case commandID = "command_id"
            case recordedAt = "recorded_at"
        }
    }

    struct Kind: Decodable {
        var kind: String
    }
}

extension TicketStore {
    /// Writes the export to `output`, one line at a time; returns the number of events.
    @discardableResult
    public func export(to output: (String) throws -> Void) throws(Diagnostic) -> Int {
        try read { db in
            for row in try DefinitionRow.fetchAll(db, sql: "SELECT * FROM definitions ORDER BY recorded_at, hash") {
                try output(
                    JSON.string(
                        ExportLine.DefinitionLine(
                            hash: row.hash, workflow: row.workflow, version: row.version, normalized: row.normalized,
                            recordedAt: row.recordedAt)))
            }
            var count = 0
            let rows = try Row.fetchCursor(
                db, sql: "SELECT definition, command_id, recorded_at, json FROM events ORDER BY position")
            while let row = try rows.next() {
                // The stored JSON is already canonical: splice it in rather than decoding it.
                let definition: String = row[0]
                let commandID: String? = row[1]
                let recordedAt: String = row[2]
                let json: String = row[3]
                let line =
                    "{\"command_id\":\(JSON.quoted(commandID)),\"definition\":\(JSON.quoted(definition)),"
                    + "\"event\":\(json),\"kind\":\"event\",\"recorded_at\":\(JSON.quoted(recordedAt))}"
                try output(line)
                count += 1
            }
            return count
        }
    }
}

/// The lines of a file (or of standard input for `-`), read in chunks of 1 MiB.
public struct LineReader: Sequence, IteratorProtocol {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    /// Why reading stopped before the end of the file, if it did (the lines read until then stand).
    public private(set) var failure: String?

    /// Reads `path`, or standard input for `-`; `nil` if the file cannot be opened.
    public init?(path: String) {
        if path == "-" {
            handle = .standardInput
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            self.handle = handle
        }
    }

    /// The next line without its newline, or `nil` at the end.
    public mutating func next() -> String? {
        withNextLine { String(decoding: $0, as: UTF8.self) }
    }

    /// What went wrong, in words: the system's message for the underlying POSIX error when there is one
    /// (Foundation's own is only "The operation could not be completed").
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }

    /// Calls `body` with the bytes of the next line without its newline (valid only during the call)
    /// and returns its result, or `nil` at the end.
    mutating func withNextLine<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T? {
        while true {
            let found = buffer.withUnsafeBufferPointer { bytes -> Int? in
                guard start < bytes.count, let base = bytes.baseAddress,
                    let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
                else { return nil }
                return base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            if let newline = found {
                defer { start = newline + 1 }
                return try buffer.withUnsafeBufferPointer {
                    try body(UnsafeBufferPointer(rebasing: $0[start..<newline]))
                }
            }
            if finished {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start...])) }
            }
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                // The rest of the file is unknown: the partial line read so far is no line.
                failure = Self.reason(error)
                finished = true
                start = buffer.count
                return nil
            }
            if chunk.isEmpty {
                finished = true
            } else {
                buffer.removeFirst(start)
                start = 0
                buffer.append(contentsOf: chunk)
            }
        }
    }
}
