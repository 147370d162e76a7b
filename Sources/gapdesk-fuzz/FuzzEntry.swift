import Foundation
import GapdeskFuzzing

#if FUZZING
/// libFuzzer's driver, from the runtime that -sanitize=fuzzer links in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    FuzzInput.exercise(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#endif

/// Built by scripts/fuzz.sh (FUZZING): hands control to libFuzzer. Otherwise
/// runs files (a corpus, or a crash libFuzzer found) through the same code.
@main
struct FuzzEntry {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(1)
            }
            FuzzInput.exercise(data)
        }
        print("ran \(CommandLine.arguments.count - 1) input(s)")
        #endif
    }
}
