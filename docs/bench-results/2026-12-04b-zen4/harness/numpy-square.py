import numpy as np, time, sys
n=int(sys.argv[1]) if len(sys.argv)>1 else 1024
a=np.random.rand(n,n).astype(np.float32); b=np.random.rand(n,n).astype(np.float32); c=np.empty((n,n),np.float32)
best=0
for r in range(5):
    t=time.perf_counter(); k=0
    while time.perf_counter()-t<1.0:
        np.matmul(a,b,out=c); k+=1
    best=max(best,2*n**3*k/(time.perf_counter()-t)/1e9)
print(f"numpy {n}^3 {best:.1f} GFLOP/s")
