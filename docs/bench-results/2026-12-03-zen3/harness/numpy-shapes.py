import os, sys, time
import numpy as np
shapes=[(100,300,784,0),(100,150,300,0),(784,300,100,1),(300,150,100,1),(100,784,300,2),(100,300,150,2),(1024,1024,1024,0)]
best={}
for r in range(5):
  for (m,n,k,kind) in shapes:
    if kind==1: a=np.ones((k,m),np.float32); b=np.ones((k,n),np.float32); f=lambda: a.T@b
    elif kind==2: a=np.ones((m,k),np.float32); b=np.ones((n,k),np.float32); f=lambda: a@b.T
    else: a=np.ones((m,k),np.float32); b=np.ones((k,n),np.float32); f=lambda: a@b
    c=0; t0=time.perf_counter()
    while True:
      f(); c+=1; t=time.perf_counter()
      if t-t0>0.3: break
    if r: best[(m,n,k,kind)]=max(best.get((m,n,k,kind),0),2*m*n*k*c/(t-t0)/1e9)
for s in shapes: print(["fwd","dW","dX"][s[3]], "%dx%dx%d"%s[:3], "%.1f"%best[s])
