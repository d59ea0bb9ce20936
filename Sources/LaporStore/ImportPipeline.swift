import Dispatch
import Foundation
import Synchronization

/// Reads and parses the lines of an import on a second thread while the importer appends the lines
/// before them: reading JSON and writing SQLite then run side by side on two cores.
///
/// The reading thread copies each line's bytes into a batch and reads it with
/// `ImportLine.canonicalEvent(_:)`; the importer takes the batches in order, so the lines are
/// imported in file order, exactly as a single thread would. At most `capacity` batches wait, so
/// memory stays bounded whatever the file's size.
///
/// The thread touches neither the store nor the importer. It stops after the batch it is filling
/// when the importer gives up (`close()`), and `close()` returns only after it has stopped: the
/// reader is never used after the import returns.
final class ImportPipeline: Sendable {
    /// Lines read and parsed, with their bytes one after another.
    struct Batch: Sendable {
        struct Line: Sendable {
            /// 1-based line number in the file (empty lines count).
            var number: Int
            /// The line's bytes in `bytes`.
            var range: Range<Int>
            /// The line read as an event, if it is laid out as the export writes it.
            var event: ImportLine.EventLine?
        }

        var bytes: [UInt8] = []
        var lines: [Line] = []
        /// Whether the file ends after this batch (or reading stopped).
        var isLast = false
        /// Why reading failed, if it did; set only on the last batch.
        var failure: String?
    }

    /// Lines per batch.
    static let linesPerBatch = 256

    private let queue = Mutex<[Batch]>([])
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let stopping = Atomic<Bool>(false)
    /// Whether the importer has taken the last batch.
    private let drained = Atomic<Bool>(false)

    /// Starts reading `lines` on a new thread; at most `capacity` batches are read ahead.
    init(reading lines: consuming LineReader, capacity: Int = 4) {
        free = DispatchSemaphore(value: capacity)
        let reader = ReaderBox(lines)
        let thread = Thread { [self] in produce(reader) }
        thread.name = "lapor-import-reader"
        thread.start()
    }

    /// The next batch, in file order; waits for it.
    func next() -> Batch {
        filled.wait()
        let batch = queue.withLock { $0.removeFirst() }
        free.signal()
        if batch.isLast { drained.store(true, ordering: .releasing) }
        return batch
    }

    /// Stops the reading thread and waits until it has stopped (the batches still read are dropped).
    func close() {
        stopping.store(true, ordering: .releasing)
        while !drained.load(ordering: .acquiring) { _ = next() }
    }

    private func send(_ batch: Batch) {
        free.wait()
        queue.withLock { $0.append(batch) }
        filled.signal()
    }

    private func produce(_ reader: ReaderBox) {
        var batch = Batch()
        var number = 0
        while !stopping.load(ordering: .acquiring) {
            let more = reader.lines.withNextLine { line -> Bool in
                number += 1
                guard !line.isEmpty else { return true }
                let start = batch.bytes.count
                batch.bytes.append(contentsOf: line)
                batch.lines.append(
                    Batch.Line(
                        number: number, range: start..<batch.bytes.count, event: ImportLine.canonicalEvent(line)))
                return true
            }
            guard more != nil else { break }
            if batch.lines.count >= Self.linesPerBatch {
                send(batch)
                batch = Batch()
            }
        }
        batch.isLast = true
        batch.failure = reader.lines.failure
        send(batch)
    }
}

/// Hands a `LineReader` to the reading thread, which is then its only user.
private final class ReaderBox: @unchecked Sendable {
    var lines: LineReader

    init(_ lines: consuming LineReader) { self.lines = lines }
}
