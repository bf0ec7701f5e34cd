package io.jmlp.opencl;

/**
 * The child JVM of {@link SignalChainingTest}: opens the OpenCL backend's first device as {@code jmlp}
 * does (its GEMM self-check compiles kernels), then prints the platform and the library's warning.
 */
final class PoclSignalProbe {
    private PoclSignalProbe() {}

    public static void main(String[] args) {
        System.out.println("usable: " + new OpenClProvider().availability().usable());
        String platform = OpenClDevice.all().get(0).platformName();
        System.out.println("platform: " + platform);
        System.out.println(
                "warning: " + SignalChaining.warningForThisProcess(platform).orElse("none"));
    }
}
