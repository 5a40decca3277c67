import Foundation

/// UUIDs to and from text without Foundation's `sscanf`/`sprintf` round trip, which dominated the profile of
/// a 100,000-service import (every id is parsed from a CSV, bound to SQLite as text and read back).
enum UUIDText {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func string(_ id: UUID, uppercase: Bool = false) -> String {
        let digits = uppercase ? upperHexDigits : hexDigits
        var bytes = [UInt8]()
        bytes.reserveCapacity(36)
        withUnsafeBytes(of: id.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func parse(_ text: String) -> UUID? {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return UUID(uuidString: text) }
        var result: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &result) { output -> Bool in
            var index = 0
            var high: UInt8?
            for (position, byte) in utf8.enumerated() {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard byte == UInt8(ascii: "-") else { return false }
                    continue
                }
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
                default: return false
                }
                if let first = high {
                    output[index] = first << 4 | value
                    index += 1
                    high = nil
                } else {
                    high = value
                }
            }
            return index == 16
        }
        return ok ? UUID(uuid: result) : nil
    }
}
