/// How tickets are numbered: `PREFIX-NNNNNN`, the prefix being the initials of the workflow's name
/// and the year the ticket is opened in (`LM-2026-000042` for the 42nd Lapor Menaker ticket of 2026).
///
/// `lapor ticket open` and the simulator number their tickets this way. An id of at most 15 bytes
/// (two initials and fewer than ten million tickets a year) is stored inside the `String` itself:
/// copying or comparing one counts no references.
public enum TicketID {
    /// The initials of a workflow's name, upper-cased: `lapor-menaker` → `LM`.
    public static func initials(of workflow: String) -> String {
        workflow.split(separator: "-").compactMap(\.first).map { String($0).uppercased() }.joined()
    }

    /// The prefix of the tickets `definition` opens at `instant`: its initials and the year at its
    /// calendar's offset (`LM-2026`).
    public static func prefix(_ definition: Definition, at instant: Instant) -> String {
        "\(initials(of: definition.name))-\(instant.localDate(at: definition.calendar.offset).year)"
    }

    /// The id of ticket `number` under `prefix`: the number with at least six digits.
    public static func make(prefix: String, number: Int64) -> String {
        guard number >= 0 else { return "\(prefix)-\(number)" }
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let width = max(6, digits)
        // Written byte by byte: the simulator numbers a ticket on every arrival, and interpolation
        // would build and append three intermediate strings.
        var prefix = prefix
        return prefix.withUTF8 { head in
            String(unsafeUninitializedCapacity: head.count + 1 + width) { buffer in
                var end = 0
                for byte in head {
                    buffer[end] = byte
                    end += 1
                }
                buffer[end] = UInt8(ascii: "-")
                end += 1 + width
                var rest = number
                for position in stride(from: end - 1, to: end - 1 - width, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                return end
            }
        }
    }
}
