package io.jmlp.spark.train;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.Optimizer;
import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import io.jmlp.train.DeviceDataset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a distributed training: a shard on a backend, and the model and optimizer that
 * train on it. Each round it loads the broadcast state (parameters, running statistics, optimizer
 * buffers and step count), runs the round's steps exactly as {@link io.jmlp.train.Trainer} runs
 * them, and hands back the new state.
 *
 * <p>Where a step is in the run is a pure function of the global step {@code t}: the worker's epoch
 * is {@code t / stepsPerShardEpoch}, its batch {@code t % stepsPerShardEpoch}; the epoch's order is
 * the Philox permutation keyed by (worker seed, epoch) and the step's dropout masks are keyed by
 * (worker seed, t). So a round's result depends on nothing but its input — not on what this
 * object did before — which is what makes a retried task, or a worker rebuilt on another executor,
 * compute the same bits. With one partition the worker seed is the run's seed and the steps are
 * exactly the one-machine trainer's.
 */
public final class ShardWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardWorker.class);
    private final RunSetup setup;
    private final int partition;
    private final long seed;
    private final Backend backend;
    private final Mlp model;
    private final Optimizer optimizer;
    private final DeviceDataset data;
    private final Scope scope;
    private final int rows;
    private final int batch;
    private final int stepsPerShardEpoch;
    private final Tensor order;
    private final Tensor x;
    private final Tensor targets;
    private final Tensor labels;
    private final Tensor dOutput;
    private final Tensor lossSum;
    private final Tensor correctSum;
    private final Tensor gradientSquares;
    private final boolean separateLabels;
    private final List<Tensor> weightMatrices;
    private long orderEpoch = -1;

    /** Builds the worker for {@code shard} on {@code backend}, which it then owns (and closes). */
    public ShardWorker(RunSetup setup, Shard shard, Backend backend) {
        this.setup = setup;
        this.partition = shard.partition();
        this.seed = setup.workerSeed(shard.partition());
        this.backend = backend;
        Mlp m = null;
        DeviceDataset d = null;
        Scope s = null;
        try {
            m = Mlp.create(setup.spec(), backend, setup.init(), setup.seed());
            d = DeviceDataset.upload(backend, shard.toDataset(), m.loss());
            s = new Scope(backend);
        } catch (RuntimeException e) {
            closeAll(s, d, m, backend);
            throw e;
        }
        this.model = m;
        this.data = d;
        this.scope = s;
        this.optimizer = setup.optimizer().create();
        this.rows = shard.rows();
        this.batch = setup.batchSize() == 0 ? rows : Math.min(setup.batchSize(), rows);
        this.stepsPerShardEpoch = (rows + batch - 1) / batch;
        Tensor lossTargets = data.lossTargets();
        this.separateLabels = data.labels() != null && lossTargets != data.labels();
        this.order = scope.ints(rows, 1);
        this.x = scope.zeros(batch, data.cols());
        this.targets =
                lossTargets.dtype() == DType.INT32 ? scope.ints(batch, 1) : scope.zeros(batch, lossTargets.cols());
        this.labels = separateLabels ? scope.ints(batch, 1) : targets;
        this.dOutput = scope.zeros(batch, model.outputSize());
        this.lossSum = scope.zeros(1, 1);
        this.correctSum = scope.zeros(1, 1);
        this.gradientSquares = scope.zeros(1, 1);
        this.weightMatrices = model.weightMatrices();
        if (!setup.shuffle()) {
            int[] identity = new int[rows];
            for (int i = 0; i < rows; i++) {
                identity[i] = i;
            }
            backend.write(order, identity, 0);
        }
    }

    /** The layout of the state vector this worker returns. */
    public StateLayout layout() {
        return new StateLayout(
                Math.toIntExact(model.parameterCount()),
                Math.toIntExact(model.states().size()),
                optimizer.kind().stateBuffers());
    }

    /** Runs {@code round} on the shard; returns the worker's state afterwards, packed by {@link #layout()}. */
    public synchronized float[] runRound(RoundInput round) {
        backend.write(model.parameters(), round.parameters(), 0);
        backend.write(model.states(), round.states(), 0);
        optimizer.restore(backend, round.firstStep(), round.optimizerState());
        backend.fill(lossSum, 0f);
        backend.fill(correctSum, 0f);
        Tensor lossTargets = data.lossTargets();
        int rowsSeen = 0;
        for (int i = 0; i < round.steps(); i++) {
            long step = round.firstStep() + i;
            long epoch = step / stepsPerShardEpoch;
            int s = (int) (step % stepsPerShardEpoch);
            if (setup.shuffle() && epoch != orderEpoch) {
                backend.write(order, new PhiloxStream(seed, Philox.Purpose.SHUFFLE, epoch).permutation(rows), 0);
                orderEpoch = epoch;
            }
            int first = s * batch;
            int n = Math.min(batch, rows - first);
            rowsSeen += n;
            Tensor xb = n == batch ? x : x.rows(0, n);
            Tensor tb = n == batch ? targets : targets.rows(0, n);
            backend.gatherRows(data.features(), order, first, xb);
            backend.gatherRows(lossTargets, order, first, tb);
            Tensor out = model.forward(xb, ForwardPass.training(seed, step));
            Tensor dOut = n == batch ? dOutput : dOutput.rows(0, n);
            model.loss()
                    .forwardBackward(backend, out, tb, dOut, lossSum, lossTargets == data.labels() ? correctSum : null);
            if (data.labels() != null) {
                Tensor lb = n == batch ? labels : labels.rows(0, n);
                if (separateLabels) {
                    backend.gatherRows(data.labels(), order, first, lb);
                    backend.countCorrect(
                            out, lb, correctSum); // else the loss counted them against its targets, the labels
                }
            }
            model.backward(dOut);
            if (setup.clipNorm() > 0) {
                clipGradients();
            }
            optimizer.step(model, round.rates()[i]);
            if (setup.maxNorm() > 0) {
                for (Tensor w : weightMatrices) {
                    backend.clampColumnNorms(w, (float) setup.maxNorm());
                }
            }
        }
        List<float[]> buffers = new ArrayList<>();
        for (Tensor t : optimizer.state()) {
            buffers.add(t.toHost());
        }
        return layout().pack(
                        model.parameters().toHost(),
                        model.states().toHost(),
                        buffers,
                        lossSum.scalar(),
                        correctSum.scalar(),
                        rowsSeen);
    }

    /** As {@code Trainer}'s clipping: scale the gradients to the global norm {@code clipNorm} when longer. */
    private void clipGradients() {
        backend.sumOfSquares(model.gradients(), gradientSquares);
        double norm = Math.sqrt(gradientSquares.scalar());
        double coefficient = setup.clipNorm() / (norm + 1e-6);
        if (coefficient < 1) {
            backend.scale(model.gradients(), (float) coefficient);
        }
    }

    public int partition() {
        return partition;
    }

    public String backendName() {
        return backend.name();
    }

    @Override
    public synchronized void close() {
        optimizer.close();
        closeAll(scope, data, model, backend);
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", r, e.toString());
            }
        }
    }
}
