# Writes the 256-bit 4x16, 3x24, 2x32 and 5x16 kernels that KernelL1 / GemmKernels compared into
# /tmp/gen/src/io/jmlp/cpu, with the repository's generator (3x24 also needs Gemm's nc rounded to a
# multiple of nr and one more panel of room in bPack; 4x16 landed, the others did not).
import importlib.machinery, importlib.util
from pathlib import Path
loader = importlib.machinery.SourceFileLoader("gen", "scripts/gen-micro-kernels")
spec = importlib.util.spec_from_loader("gen", loader)
g = importlib.util.module_from_spec(spec)
loader.exec_module(g)
out = Path("/tmp/gen/src/io/jmlp/cpu")
out.mkdir(parents=True, exist_ok=True)
for rows, vectors in [(4, 2), (3, 3), (5, 2), (2, 4)]:
    (out / f"{g.name(rows, vectors, 256)}.java").write_text(g.kernel(rows, vectors, 256, "experiment"))
