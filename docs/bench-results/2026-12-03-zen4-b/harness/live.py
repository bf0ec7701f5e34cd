import re,sys
# live non-OSR compiled versions per method at the end of a -XX:+PrintCompilation log
pat=re.compile(r'^\s*(\d+)\s+(\d+)\s+([%sbn! ]{6})\s*(\d)\s+(\S+::\S+)\s+(?:@ \d+ )?\((\d+) bytes\)(.*)$')
live={}
for line in open(sys.argv[1],errors='replace'):
    m=pat.match(line)
    if not m: continue
    t,cid,flags,tier,meth,size,rest=m.groups()
    if not meth.startswith('io.jmlp'): continue
    if '%' in flags: continue
    key=meth
    if 'made not entrant' in rest or 'made zombie' in rest:
        live.setdefault(key,{}).pop(cid,None)
    else:
        live.setdefault(key,{})[cid]=int(tier)
for k,v in sorted(live.items()):
    tiers=sorted(v.values())
    if not tiers or max(tiers)<4:
        if any(s in k for s in ('Vector','Gemm','RowKernels','CpuBackend')): print(k, tiers)
