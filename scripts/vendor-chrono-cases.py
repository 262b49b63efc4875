#!/usr/bin/env python3
# Extracts the English test cases of chrono (https://github.com/wanasit/chrono, test/en/*.test.ts) into JSON lines:
#   cd CHRONO/test/en && python3 vendor-chrono-cases.py > en.jsonl
# Each testSingleCase(text, refDate, …) with an expected start (toBeDate or the year/month/day getters) becomes
# {"file", "text", "ref", "start", "timed"} (timed: the case fixes an hour). Regexes over the TypeScript, no node.
import re, json, sys, glob
from datetime import datetime
STR = r'(?P<q>["\'`])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)'
DATE_ARGS = r'new Date\((?P<args>[^()]*(?:\([^()]*\)[^()]*)*)\)'
def parse_date(args):
    args=args.strip()
    m=re.match(r'^["\'](.*)["\']$', args)
    if m:
        s=m.group(1)
        for fmt in ["%a %b %d %Y","%a %b %d %Y %H:%M:%S","%B %d, %Y %H:%M:%S","%Y-%m-%dT%H:%M:%S","%Y-%m-%d"]:
            try: return datetime.strptime(s, fmt)
            except: pass
        return None
    parts=[p.strip() for p in args.split(',')]
    try:
        vals=[int(eval(p)) for p in parts]
    except Exception: return None
    if len(vals)<3: return None
    vals=vals+[0]*(6-len(vals))
    try: return datetime(vals[0], vals[1]+1, vals[2], vals[3], vals[4], vals[5])
    except: return None
out=[]
for path in sorted(glob.glob('*.ts')):
    src=open(path).read()
    for m in re.finditer(r'testSingleCase\(\s*chrono(?:\.casual|\.strict|\.en(?:\.casual|\.strict)?)?\s*,\s*' + STR + r'\s*,\s*' + DATE_ARGS, src, re.S):
        text=bytes(m.group('text'),'utf8').decode('unicode_escape') if '\\' in m.group('text') else m.group('text')
        ref=parse_date(m.group('args'))
        if ref is None: continue
        rest=src[m.end():]
        nxt=re.search(r'testSingleCase\(|testUnexpectedResult\(|\n\s*test\(', rest)
        block=rest[:nxt.start()] if nxt else rest
        e=re.search(r'expect\(result\.start\)\.toBeDate\(\s*' + DATE_ARGS, block)
        exp=parse_date(e.group('args')) if e else None
        gets={k:int(v) for k,v in re.findall(r'result\.start\.get\("(year|month|day|hour|minute)"\)\)\.toBe\((\d+)\)', block)}
        certain_time = 'hour' in gets or re.search(r'isCertain\("hour"\)\)\.toBe\(true\)', block) is not None
        if exp is None and {'year','month','day'} <= gets.keys():
            exp=datetime(gets['year'],gets['month'],gets['day'],gets.get('hour',12),gets.get('minute',0))
        if exp is None: continue
        out.append({"file":path[:-3],"text":text,"ref":ref.strftime("%Y-%m-%dT%H:%M:%S"),"start":exp.strftime("%Y-%m-%dT%H:%M:%S"),
                    "timed": bool(certain_time or ('hour' in gets and gets['hour']!=12))})
seen=set(); uniq=[]
for o in out:
    k=(o['text'],o['ref'])
    if k in seen: continue
    seen.add(k); uniq.append(o)
for o in uniq: print(json.dumps(o, ensure_ascii=False))
print(len(uniq), file=sys.stderr)
