import java.util.Random;

/** Experiment: gathering 100 random rows of 784 floats from 60,000 (188 MB), row by row (as CpuBackend) against touching rows D ahead first. GatherAB. */
public class GatherAB {
    static float sink;

    static void plain(float[] src, int[] idx, int first, float[] dst, int r0, int r1, int cols) {
        for (int r = r0; r < r1; r++) {
            System.arraycopy(src, idx[first + r] * cols, dst, r * cols, cols);
        }
    }

    static void ahead(float[] src, int[] idx, int first, float[] dst, int r0, int r1, int cols, int d) {
        float s = 0;
        for (int r = r0; r < Math.min(r1, r0 + d); r++) {
            s += src[idx[first + r] * cols];
        }
        for (int r = r0; r < r1; r++) {
            if (r + d < r1) {
                s += src[idx[first + r + d] * cols]; // its first line on its way while this row is copied
            }
            System.arraycopy(src, idx[first + r] * cols, dst, r * cols, cols);
        }
        sink += s;
    }

    public static void main(String[] args) {
        int rows = 60000, cols = 784, batch = 100;
        float[] src = new float[rows * cols];
        for (int i = 0; i < src.length; i += 16) src[i] = i;
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) idx[i] = i;
        Random rnd = new Random(1);
        for (int i = rows - 1; i > 0; i--) { int j = rnd.nextInt(i + 1); int t = idx[i]; idx[i] = idx[j]; idx[j] = t; }
        float[] dst = new float[batch * cols];
        float[] other = new float[1 << 22]; // 16 MB of other traffic between gathers, as a step's GEMMs would
        int[] ds = {0, 2, 4, 8};
        for (int round = 0; round < 8; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int d : ds) {
                long total = 0;
                int n = 0;
                for (int first = 0; first + batch <= rows; first += batch) {
                    for (int i = 0; i < other.length; i += 16) other[i] += 1f;
                    long t0 = System.nanoTime();
                    if (d == 0) plain(src, idx, first, dst, 0, batch, cols); else ahead(src, idx, first, dst, 0, batch, cols, d);
                    total += System.nanoTime() - t0;
                    n++;
                }
                line.append(String.format("  ahead %d: %.1f us", d, total / 1e3 / n));
            }
            System.out.println(line);
        }
        System.out.println(sink);
    }
}
