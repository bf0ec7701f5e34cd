package io.jmlp.spark.train;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Backends;
import io.jmlp.cpu.CpuBackend;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which backend a Spark task opens, chosen as {@code jmlp} chooses ({@link Backends#choose}: the
 * spec, {@code auto} by default), with two things only Spark knows: the cpu backend gets
 * {@code spark.task.cpus} threads (not every core of the executor, which its other tasks share), and
 * the cuda backend without a device index uses the GPU Spark assigned to the task
 * ({@code spark.task.resource.gpu.amount}, {@code TaskContext.resources().get("gpu")}: {@code cuda:N}).
 * (OpenCL numbers its devices its own way, so a Spark GPU address is not an OpenCL index; it keeps
 * its spec's device.) Not yet run on a GPU executor: the build machines have no GPU.
 */
public final class TaskBackends {
    private static final Logger log = LoggerFactory.getLogger(TaskBackends.class);

    private TaskBackends() {}

    /** Opens the backend {@code spec} names for the running task (or, outside a task, as {@link Backends#select} would). */
    public static Backend open(String spec, boolean strict) {
        TaskContext task = TaskContext.get();
        Backends.Choice choice = Backends.choose(spec, strict);
        choice.notes().forEach(note -> log.info("{}", note));
        String provider = choice.provider().name();
        if (task == null) {
            return choice.provider().create(choice.device());
        }
        if (provider.equals("cpu")) {
            return new CpuBackend(Math.max(1, task.cpus()));
        }
        Integer assigned = assignedGpu(task);
        boolean deviceNamed = spec != null && spec.contains(":");
        if (assigned != null && !deviceNamed && provider.equals("cuda")) {
            log.info(
                    "task {} of stage {} uses {}:{}, the GPU Spark assigned it",
                    task.partitionId(),
                    task.stageId(),
                    provider,
                    assigned);
            return choice.provider().create(assigned);
        }
        return choice.provider().create(choice.device());
    }

    /** The first GPU address Spark gave the task, as a device index; null when it gave none. */
    static Integer assignedGpu(TaskContext task) {
        Map<String, ResourceInformation> resources = task.resourcesJMap();
        ResourceInformation gpu = resources != null ? resources.get("gpu") : null;
        if (gpu == null || gpu.addresses().length == 0) {
            return null;
        }
        try {
            return Integer.parseInt(gpu.addresses()[0].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Spark assigned GPU address '" + gpu.addresses()[0] + "', which is not a device "
                            + "index; make the cluster's GPU discovery script report indices (0, 1, …)",
                    e);
        }
    }
}
