package io.jmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.model.NetworkDescription;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MlpSpec#denseHasBias}, the one rule for which dense layers carry a bias, and the model description that follows it. */
class MlpSpecTest {

    /** dense, batch norm, relu, dense, relu, dropout, dense, batch norm, dense: biases where no batch norm follows. */
    private static final MlpSpec SPEC = MlpSpec.builder(8)
            .dense(6)
            .batchNorm()
            .relu()
            .dense(5)
            .relu()
            .dropout(0.2f)
            .dense(4)
            .batchNorm()
            .dense(3)
            .loss(new SoftmaxCrossEntropy())
            .build();

    @Test
    void aDenseLayerHasABiasExactlyWhenNoBatchNormFollowsIt() {
        List<Boolean> biases = new ArrayList<>();
        for (int i = 0; i < SPEC.layers().size(); i++) {
            if (SPEC.layers().get(i) instanceof LayerSpec.DenseSpec) {
                biases.add(SPEC.denseHasBias(i));
            }
        }
        assertEquals(List.of(false, true, false, true), biases);
    }

    @Test
    void theModelDescriptionWritesTheSameFlags() {
        NetworkDescription description = NetworkDescription.of(SPEC, "none");
        for (int i = 0; i < SPEC.layers().size(); i++) {
            if (SPEC.layers().get(i) instanceof LayerSpec.DenseSpec) {
                assertEquals(SPEC.denseHasBias(i), description.layers().get(i).bias(), "layer " + i);
            }
        }
    }

    @Test
    void askingAboutALayerThatIsNotDenseIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SPEC.denseHasBias(1));
        assertTrue(e.getMessage().contains("not a dense layer"), e.getMessage());
    }
}
