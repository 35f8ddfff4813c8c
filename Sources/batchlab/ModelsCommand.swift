import ArgumentParser
import BatchLabData
import BatchLabNN

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the named models with their layers and parameter counts.")

    func run() throws {
        for model in BatchLabNN.Models.all {
            let rows = try model.summary(inputShape: CIFAR10.imageShape)
            let total = rows.reduce(0) { $0 + $1.parameters }
            print("\(model.name) — \(total.formatted()) parameters, input (3, 32, 32)")
            for row in rows {
                let shape = "(" + row.outputShape.map(String.init).joined(separator: ", ") + ")"
                print("  " + row.layer.padding(toLength: 34, withPad: " ", startingAt: 0)
                      + shape.padding(toLength: 16, withPad: " ", startingAt: 0) + row.parameters.formatted())
            }
        }
    }

    static func named(_ name: String) -> Sequential? { BatchLabNN.Models.named(name) }
    static var all: [Sequential] { BatchLabNN.Models.all }
}

import Foundation
