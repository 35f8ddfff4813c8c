import Testing
@testable import BatchLabNN

/// Each layer's backward pass against finite differences (see `checkGradients`). Layers after
/// the first are checked through the gradients of a convolution or dense layer before them,
/// which depend on the layer's input gradient.
@Suite struct GradientCheckTests {
    @Test func conv2DSameWithReLU() throws {
        try checkGradients(Sequential(name: "conv-relu") { Conv2D(3, kernelSize: 3, padding: .same, activation: .relu) })
    }

    @Test func conv2DValidStridedInputGradient() throws {
        try checkGradients(Sequential(name: "conv-conv") {
            Conv2D(2, kernelSize: 3, padding: .same)
            Conv2D(3, kernelSize: 3, strides: 2, padding: .valid)
        })
    }

    @Test func maxPooling2D() throws {
        try checkGradients(Sequential(name: "conv-pool") {
            Conv2D(3, kernelSize: 3, padding: .same)
            MaxPooling2D(poolSize: 2)
        })
    }

    @Test func dropout() throws {
        try checkGradients(Sequential(name: "conv-dropout") {
            Conv2D(3, kernelSize: 3, padding: .same)
            Dropout(0.5)
        })
    }

    @Test func flattenAndDenseWithReLU() throws {
        try checkGradients(Sequential(name: "conv-flatten-dense") {
            Conv2D(2, kernelSize: 3, padding: .same)
            MaxPooling2D(poolSize: 2)
            Flatten()
            Dense(4, activation: .relu)
        })
    }

    @Test func denseChain() throws {
        try checkGradients(Sequential(name: "dense-dense") {
            Flatten()
            Dense(5)
            Dense(3)
        })
    }

    @Test func reLU() throws {
        try checkGradients(Sequential(name: "conv-relu-layer") {
            Conv2D(2, kernelSize: 3, padding: .same)
            ReLU()
        })
    }

    @Test func softmaxInsideTheModel() throws {
        try checkGradients(Sequential(name: "softmax") {
            Flatten()
            Dense(4)
            Softmax()
            Dense(3)
        })
    }

    @Test func batchNormalization() throws {
        try checkGradients(Sequential(name: "conv-bn") {
            Conv2D(3, kernelSize: 3, padding: .same)
            BatchNormalization()
        })
        try checkGradients(Sequential(name: "dense-bn") {
            Flatten()
            Dense(4)
            BatchNormalization()
        })
    }

    @Test func crossEntropyThroughSoftmax() throws {
        try checkGradients(Sequential(name: "dense-softmax-cce") {
            Flatten()
            Dense(3, activation: .softmax)
        }, crossEntropy: true)
    }
}
