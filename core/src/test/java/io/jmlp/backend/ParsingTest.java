package io.jmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.loss.Loss;
import io.jmlp.loss.MulticlassHinge;
import io.jmlp.nn.WeightInit;
import org.junit.jupiter.api.Test;

class ParsingTest {

    @Test
    void backendSpecs() {
        assertEquals(new Backends.Spec("auto", 0), Backends.Spec.parse(null));
        assertEquals(new Backends.Spec("opencl", 1), Backends.Spec.parse("OpenCL:1"));
        assertEquals(new Backends.Spec("cuda", 0), Backends.Spec.parse(" cuda "));
        assertThrows(IllegalArgumentException.class, () -> Backends.Spec.parse("cuda:x"));
        assertThrows(IllegalArgumentException.class, () -> Backends.Spec.parse("cuda:-1"));
        assertThrows(IllegalArgumentException.class, () -> Backends.Spec.parse("auto:1"));
    }

    @Test
    void activations() {
        assertEquals(Activation.RELU, Activation.parse("ReLU"));
        assertEquals(Activation.SIGMOID, Activation.parse("logistic"));
        assertEquals(Activation.leakyRelu(0.2f), Activation.parse("leaky_relu:0.2"));
        assertEquals(Activation.leakyRelu(Activation.DEFAULT_LEAKY_SLOPE), Activation.parse("leaky-relu"));
        assertEquals(Activation.elu(1f), Activation.parse("elu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("relu6"));
        assertTrue(e.getMessage().contains("gelu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("tanh:2"));
        for (Activation.Kind kind : Activation.Kind.values()) {
            assertEquals(kind, Activation.parse(kind.cliName()).kind());
        }
    }

    @Test
    void activationFormulas() {
        assertEquals(0.0, Activation.RELU.apply(-2), 0);
        assertEquals(0.75, Activation.HARD_SIGMOID.apply(1), 1e-15);
        assertEquals(1.0, Activation.HARD_SIGMOID.apply(5), 0);
        assertEquals(-1.0, Activation.HARD_TANH.apply(-3), 0);
        assertEquals(-0.2, Activation.leakyRelu(0.1f).apply(-2), 1e-7);
        assertEquals(Math.log(2), Activation.SOFTPLUS.apply(0), 1e-15);
        assertEquals(0.5 * 1.5, Activation.SWISH.apply(1.5) / Activation.sigmoid(1.5) * 0.5, 1e-12);
        assertEquals(0.841191990607477, Activation.GELU.apply(1), 1e-12); // PyTorch gelu(1, approximate='tanh')
        assertEquals(1.0, Activation.sigmoid(800), 0);
        assertEquals(0.0, Activation.sigmoid(-800), 1e-300);
    }

    @Test
    void lossesAndInits() {
        assertEquals("softmax-ce", Loss.parse("cross-entropy").name());
        assertEquals(2f, ((MulticlassHinge) Loss.parse("hinge:2")).margin());
        assertThrows(IllegalArgumentException.class, () -> Loss.parse("mse:3"));
        assertThrows(IllegalArgumentException.class, () -> Loss.parse("huber"));
        assertEquals(WeightInit.HE_NORMAL, WeightInit.parse("kaiming"));
        assertEquals(WeightInit.PYTORCH_DEFAULT, WeightInit.parse("pytorch"));
        assertThrows(IllegalArgumentException.class, () -> WeightInit.parse("orthogonal"));
    }
}
