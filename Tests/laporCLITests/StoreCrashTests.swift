import Foundation
import Testing

/// Kills `lapor ticket batch` with SIGKILL in the middle of 10,000 commands and checks the store.
@Suite("CLI: crash safety of the store")
struct StoreCrashTests {
    @Test("after kill -9 mid-batch the store verifies and every acknowledged command is journaled")
    func killMidBatch() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lapor-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("lapor.sqlite").path
        let commands = directory.appendingPathComponent("commands.jsonl")
        let categories = ["upah", "hubungan_kerja", "jaminan_sosial", "pelatihan", "siapkerja"]
        let lines = (0..<10_000).map { index in
            "{\"op\":\"open\",\"id\":\"c-\(index)\",\"category\":\"\(categories[index % categories.count])\","
                + "\"labels\":[\"thr\"],\"channel\":\"web\",\"reporter\":\"R\(index)\"}"
        }
        try (lines.joined(separator: "\n") + "\n").write(to: commands, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = try GoldenTests.binary()
        process.arguments = [
            "ticket", "batch", commands.path, "--store", store, "--workspace", GoldenTests.repository.path, "--now",
            "2026-03-02T09:00+07:00",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var output = Data()
        // Let a few hundred commands commit, then kill the process without warning.
        while output.split(separator: UInt8(ascii: "\n")).count < 300 {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        output.append(pipe.fileHandleForReading.readDataToEndOfFile())
        #expect(process.terminationReason == .uncaughtSignal)

        let acknowledged = String(decoding: output, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("ok ") && $0.hasSuffix(")") == false }
            .map { $0.split(separator: " ")[1] }
        #expect(acknowledged.count >= 300)
        #expect(acknowledged.count < 10_000)

        let verify = try GoldenTests.run(["store", "verify", "--store", store], in: ".")
        #expect(verify.status == 0, "\(verify.output)")
        let export = try GoldenTests.run(["store", "export", "--store", store], in: ".")
        #expect(export.status == 0)
        var journaled: Set<Substring> = []
        for line in export.output.split(separator: "\n") where line.contains("\"type\":\"opened\"") {
            guard let start = line.range(of: "\"command_id\":\"")?.upperBound,
                let end = line[start...].firstIndex(of: "\"")
            else { continue }
            journaled.insert(line[start..<end])
        }
        let missing = acknowledged.filter { !journaled.contains($0) }
        #expect(missing.isEmpty, "acknowledged but not journaled: \(missing.prefix(5))")
        // At most the command in flight at the kill committed without being acknowledged.
        #expect(journaled.count - acknowledged.count <= 1)
    }

    @Test("two processes writing one store at once lose nothing and never fail on a lock")
    func concurrentWriters() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lapor-race-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("lapor.sqlite").path
        var processes: [(Process, Pipe)] = []
        for writer in ["a", "b"] {
            let commands = directory.appendingPathComponent("\(writer).jsonl")
            let lines = (0..<150).map { index in
                "{\"op\":\"open\",\"id\":\"\(writer)-\(index)\",\"category\":\"upah\",\"labels\":[\"thr\"]}"
            }
            try (lines.joined(separator: "\n") + "\n").write(to: commands, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = try GoldenTests.binary()
            process.arguments = [
                "ticket", "batch", commands.path, "--store", store, "--workspace", GoldenTests.repository.path,
                "--now", "2026-03-02T09:00+07:00",
            ]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            processes.append((process, pipe))
        }
        // Neither file exists yet: both writers race to create the store and its schema too.
        for (process, _) in processes { try process.run() }
        for (process, pipe) in processes {
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(
                process.terminationStatus == 0,
                "\(output.split(separator: "\n").filter { !$0.hasPrefix("ok") }.prefix(3))")
        }
        let list = try GoldenTests.run(["ticket", "list", "--store", store, "--limit", "1000"], in: ".")
        #expect(list.output.hasSuffix("300 tickets\n"))
        let verify = try GoldenTests.run(["store", "verify", "--store", store], in: ".")
        #expect(verify.status == 0, "\(verify.output)")
    }

    /// An export of `copies` × 3 tickets: three opened by `ticket batch`, their events repeated
    /// under other ids.
    static func largeExport(_ directory: URL, copies: Int) throws -> (file: String, events: Int) {
        let store = directory.appendingPathComponent("source.sqlite").path
        let commands = directory.appendingPathComponent("commands.jsonl")
        let opens = ["upah", "hubungan_kerja", "jaminan_sosial"].enumerated().map { index, category in
            "{\"op\":\"open\",\"id\":\"c-\(index)\",\"category\":\"\(category)\",\"labels\":[\"thr\"],\"channel\":\"web\"}"
        }
        try (opens.joined(separator: "\n") + "\n").write(to: commands, atomically: true, encoding: .utf8)
        let batch = try GoldenTests.run(
            [
                "ticket", "batch", commands.path, "--store", store, "--workspace", GoldenTests.repository.path, "--now",
                "2026-03-02T09:00+07:00",
            ], in: ".")
        #expect(batch.status == 0, "\(batch.output)")
        let export = try GoldenTests.run(["store", "export", "--store", store], in: ".")
        let lines = export.output.split(separator: "\n").map(String.init)
        let definitions = lines.filter { $0.contains("\"kind\":\"definition\"") }
        let events = lines.filter { !$0.contains("\"kind\":\"definition\"") }
        var output = definitions
        for copy in 0..<copies {
            for line in events {
                output.append(line.replacingOccurrences(of: "\"ticket\":\"LM-2026-", with: "\"ticket\":\"LM-\(copy)-"))
            }
        }
        let file = directory.appendingPathComponent("export.jsonl").path
        try (output.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return (file, events.count * copies)
    }

    @Test("after kill -9 mid-import the store is empty, verifies read-only and imports again in WAL mode")
    func killMidImport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lapor-import-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (file, events) = try Self.largeExport(directory, copies: 4_000)
        // Killed inside the transaction, and as soon as the commit starts writing the file.
        for (attempt, inCommit) in [false, true].enumerated() {
            let store = directory.appendingPathComponent("imported-\(attempt).sqlite").path
            let created = try GoldenTests.run(["store", "import", "/dev/null", "--store", store], in: ".")
            #expect(created.output == "imported 0 events\n")
            let size = try FileManager.default.attributesOfItem(atPath: store)[.size] as? Int ?? 0
            let process = Process()
            process.executableURL = try GoldenTests.binary()
            process.arguments = ["store", "import", file, "--store", store]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            var journal = false
            while process.isRunning {
                journal = FileManager.default.fileExists(atPath: store + "-journal")
                let grown = (try? FileManager.default.attributesOfItem(atPath: store)[.size] as? Int) ?? 0 > size
                if inCommit ? grown : journal { break }
                Thread.sleep(forTimeInterval: 0.001)
            }
            if !inCommit { Thread.sleep(forTimeInterval: 0.2) }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(journal, "the import never wrote a rollback journal")
            if !inCommit { #expect(process.terminationReason == .uncaughtSignal) }
            let finished = process.terminationReason == .exit && process.terminationStatus == 0

            // A read-only command first: it rolls back what the killed import left.
            let verify = try GoldenTests.run(["store", "verify", "--store", store], in: ".")
            #expect(verify.status == 0, "\(verify.output)")
            if finished {
                #expect(verify.output.contains("\(events) events replayed"))
                continue
            }
            #expect(verify.output == "ok: 0 tickets, 0 events replayed; projections match\n")
            let again = try GoldenTests.run(["store", "import", file, "--store", store], in: ".")
            #expect(again.output == "imported \(events) events\n")
            let header = try Data(contentsOf: URL(fileURLWithPath: store))[18..<20]
            #expect(Array(header) == [2, 2], "the store is not back in WAL mode")
            let export = try GoldenTests.run(["store", "export", "--store", store], in: ".")
            #expect(export.output == (try String(contentsOfFile: file, encoding: .utf8)))
        }
    }
}
