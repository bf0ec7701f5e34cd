import re, sys, subprocess
# c2dis.py print.txt METHOD_SUBSTR [nth]: disassembles the nth C2 nmethod whose header names METHOD_SUBSTR
text = open(sys.argv[1]).read().split('\n')
want = sys.argv[2]; nth = int(sys.argv[3]) if len(sys.argv) > 3 else 0
blocks = []; cur = None
for line in text:
    if line.startswith('Compiled method'):
        cur = None
        if '(c2)' in line and want in line:
            cur = {'head': line, 'start': None, 'bytes': bytearray()}
            blocks.append(cur)
        continue
    if cur is None: continue
    if line.startswith('[Stub Code]') or line.startswith('[Exception Handler]'):
        cur = None; continue
    m = re.match(r'\s+0x([0-9a-f]+): ((?:[0-9a-f]{2,8} ?\|? ?)+)$', line)
    if m:
        addr = int(m.group(1), 16)
        if cur['start'] is None: cur['start'] = addr
        hexs = m.group(2).replace('|', '').replace(' ', '')
        # keep contiguous
        expect = cur['start'] + len(cur['bytes'])
        if addr != expect:
            if addr > expect: cur['bytes'] += b'\x90' * (addr - expect)
            else: cur['bytes'] = cur['bytes'][:addr - cur['start']]
        cur['bytes'] += bytes.fromhex(hexs)
b = blocks[nth]
print(b['head'], file=sys.stderr)
open('/tmp/kab/code.bin', 'wb').write(b['bytes'])
out = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '--adjust-vma=0x%x' % b['start'], '/tmp/kab/code.bin'], capture_output=True, text=True).stdout
print(out)
