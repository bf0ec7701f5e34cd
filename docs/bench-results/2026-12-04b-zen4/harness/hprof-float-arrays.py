import struct, sys, collections
f = open(sys.argv[1], 'rb').read()
p = f.index(b'\0') + 1
idsize = struct.unpack('>I', f[p:p+4])[0]; p += 12
assert idsize == 8
strings = {}; classnames = {}; big = {}; refs = collections.defaultdict(list)
classinfo = {}
def rid(o): return struct.unpack('>Q', f[o:o+8])[0]
sizes = {2:8, 4:1, 5:2, 6:4, 7:8, 8:1, 9:2, 10:4, 11:8}
insts = []
while p < len(f):
    tag = f[p]; length = struct.unpack('>I', f[p+5:p+9])[0]; body = p + 9; p = body + length
    if tag == 0x01: strings[rid(body)] = f[body+8:body+length].decode('utf8', 'replace')
    elif tag == 0x02: classnames[rid(body+4)] = rid(body+16)
    elif tag in (0x0C, 0x1C):
        q = body; end = body + length
        while q < end:
            st = f[q]; q += 1
            if st == 0xFF: q += 8
            elif st in (0x01,): q += 16
            elif st in (0x02, 0x03): q += 16
            elif st == 0x04: q += 12
            elif st in (0x05, 0x07): q += 8
            elif st == 0x06: q += 12
            elif st == 0x08: q += 16
            elif st == 0x20:
                cid = rid(q); sup = rid(q+12); q += 64
                cp = struct.unpack('>H', f[q:q+2])[0]; q += 2
                for _ in range(cp):
                    q += 2; t = f[q]; q += 1 + sizes[t]
                ns = struct.unpack('>H', f[q:q+2])[0]; q += 2
                for _ in range(ns):
                    q += 8; t = f[q]; q += 1 + sizes[t]
                nf = struct.unpack('>H', f[q:q+2])[0]; q += 2
                fields = []
                for _ in range(nf):
                    fields.append((rid(q), f[q+8])); q += 9
                classinfo[cid] = (sup, fields)
            elif st == 0x21:
                oid = rid(q); cid = rid(q+12); n = struct.unpack('>I', f[q+20:q+24])[0]
                insts.append((oid, cid, q+24, n)); q += 24 + n
            elif st == 0x22:
                oid = rid(q); n = struct.unpack('>I', f[q+12:q+16])[0]; cid = rid(q+16)
                for i in range(n):
                    refs[rid(q+24+8*i)].append(('array', oid, cid))
                q += 24 + 8*n
            elif st == 0x23:
                oid = rid(q); n = struct.unpack('>I', f[q+12:q+16])[0]; t = f[q+16]
                if t == 6 and n * 4 > 4_000_000: big[oid] = n
                q += 17 + n * sizes[t]
            else: raise Exception('subtag %x' % st)
def cname(cid): return strings.get(classnames.get(cid), '?').replace('/', '.')
for oid, cid, data, n in insts:
    # walk fields of class chain
    o = data; c = cid
    while c and c in classinfo:
        sup, fields = classinfo[c]
        for nameid, t in fields:
            if t == 2:
                v = rid(o)
                if v in big: refs[v].append((cname(cid) + '.' + strings.get(nameid, '?'), oid, cid))
            o += sizes[t]
        c = sup
for oid, n in sorted(big.items(), key=lambda x: -x[1]):
    print(f'{n*4/1e6:8.1f} MB float[{n}]', [r[0] for r in refs.get(oid, [])][:4])
print('total big MB', sum(big.values())*4/1e6)
