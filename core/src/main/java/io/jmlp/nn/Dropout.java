package io.jmlp.nn;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.random.Philox;

/**
 * Inverted dropout: while training, each element is zeroed with probability {@code p} and the
 * survivors scaled by {@code 1/(1−p)}; at inference it passes its input through. Masks are drawn on
 * the device from Philox keyed by the run's seed, with one stream per (step, layer), so every
 * backend drops the same elements.
 */
public final class Dropout implements Layer {
    private final int size;
    private final float p;

    private Backend backend;
    private int index;
    private RowBuffer mask;
    private RowBuffer output;
    private RowBuffer inputGrad;
    private Tensor lastMask;

    public Dropout(int size, float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.size = size;
        this.p = p;
    }

    public float probability() {
        return p;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public void attach(LayerBinding binding) {
        backend = binding.backend();
        index = binding.index();
        mask = new RowBuffer(backend, size);
        output = new RowBuffer(backend, size);
        inputGrad = new RowBuffer(backend, size);
    }

    /**
     * The stream of layer {@code layerIndex} at optimizer step {@code step}: the step sits above the
     * layer's 16 bits, so {@code stream(0, layer) + (step << 16)} is the same number, which is how the
     * step-clock form of {@link Backend#dropoutForward} forms it on the device.
     */
    public static long stream(long step, int layerIndex) {
        return Philox.stream(Philox.Purpose.DROPOUT, (step << 16) | (layerIndex & 0xFFFF));
    }

    @Override
    public Tensor forward(Tensor x, ForwardPass pass) {
        if (!pass.training() || p == 0f) {
            lastMask = null;
            return x;
        }
        int n = x.rows();
        lastMask = mask.rows(n);
        Tensor y = output.rows(n);
        if (pass.clock() != null) {
            backend.dropoutForward(x, p, pass.seed(), stream(0, index), pass.clock(), lastMask, y);
        } else {
            backend.dropoutForward(x, p, pass.seed(), stream(pass.step(), index), lastMask, y);
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy, boolean needInputGradient) {
        if (!needInputGradient || lastMask == null) {
            return needInputGradient ? dy : null;
        }
        Tensor dx = inputGrad.rows(dy.rows());
        backend.multiply(dy, lastMask, dx);
        return dx;
    }

    @Override
    public String describe() {
        return "dropout " + p;
    }

    @Override
    public void close() {
        if (mask != null) {
            mask.close();
            output.close();
            inputGrad.close();
        }
    }
}
