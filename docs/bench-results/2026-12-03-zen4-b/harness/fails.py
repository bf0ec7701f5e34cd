import re,sys
hdr=re.compile(r'^\s*(\d+)\s+(\d+)\s+([%sbn! ]{6})\s*4\s+(\S+)')
cur=None; out={}
for line in open(sys.argv[1],errors='replace'):
    m=hdr.match(line)
    if m: cur=(int(m.group(1)),m.group(2),m.group(3).strip(),m.group(4)); continue
    if 'trying again' in line and not line.rstrip().endswith('succeeded'):
        callee=re.search(r'(\S+::\S+)',line).group(1)
        out.setdefault(cur,[]).append(callee)
for k,v in out.items():
    print(k, len(v), sorted(set(v)))
