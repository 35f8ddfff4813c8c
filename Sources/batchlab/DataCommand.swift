import ArgumentParser
import BatchLabData
import Foundation

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Download or verify CIFAR-10.", subcommands: [Download.self, Verify.self])

    struct Download: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the official CIFAR-10 binary archive, check its MD5 and unpack it atomically.")

        @Option(help: "Destination folder (default: $BATCHLAB_DATA, else ~/.cache/batchlab/cifar-10-batches-bin).") var data: String?
        @Option(help: "Archive URL.") var url = CIFAR10Download.officialURL.absoluteString
        @Option(help: "Expected MD5 of the archive.") var md5 = CIFAR10Download.officialMD5

        func run() throws {
            guard let source = URL(string: url), source.scheme != nil else {
                throw CommandError("--url '\(url)' is not a URL")
            }
            let destination = DataDirectory.resolve(flag: data)
            print("Downloading \(url) to \(destination.path)")
            var lastPercent = -1
            try CIFAR10Download(url: source, md5: md5).run(into: destination) { received, expected in
                guard let expected else { return }
                let percent = Int(received * 100 / expected)
                if percent != lastPercent {
                    lastPercent = percent
                    FileHandle.standardError.write(Data("\r\(percent)% of \(expected / 1_000_000) MB".utf8))
                }
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print("CIFAR-10 verified and unpacked in \(destination.path)")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check that a folder holds a valid CIFAR-10.")

        @Argument(help: "Folder to check (default: $BATCHLAB_DATA, else ~/.cache/batchlab/cifar-10-batches-bin).") var directory: String?

        func run() throws {
            let folder = DataDirectory.resolve(flag: directory)
            let cifar = try CIFAR10.load(from: folder)
            print("\(folder.path): \(cifar.train.count.formatted()) training and \(cifar.test.count.formatted()) test images, "
                  + "classes \(cifar.classNames.joined(separator: ", "))")
        }
    }
}
