#!/usr/bin/env python3
# Extracts the extract_from_plain cases of talon (https://github.com/mailgun/talon) into JSON lines:
#   python3 scripts/vendor-talon-cases.py TALON/tests/text_quotations_test.py TALON/tests/fixtures/standard_replies > quotations.jsonl
# Reads the test file with Python's ast (talon need not be installed): each test's eq_(expected, extract_from_plain(body)).
import ast, json, sys, os, email, email.iterators
src = open(sys.argv[1]).read()
tree = ast.parse(src)
out = []
def const(node, env):
    if isinstance(node, ast.Constant) and isinstance(node.value, str): return node.value
    if isinstance(node, ast.Name) and node.id in env: return env[node.id]
    return None
def is_extract(node): return isinstance(node, ast.Call) and getattr(node.func, 'attr', None) == 'extract_from_plain' and node.args
template = None
for fn in tree.body:
    if isinstance(fn, ast.FunctionDef) and fn.name == '_check_pattern_original_message':
        for st in ast.walk(fn):
            if isinstance(st, ast.Assign) and isinstance(st.value, ast.Constant): template = st.value.value
for fn in tree.body:
    if not isinstance(fn, ast.FunctionDef) or not fn.name.startswith('test'): continue
    env = {}; calls = {}
    # Statement by statement, in order: a test may reassign its body between checks.
    for st in (node for statement in fn.body for node in ast.walk(statement)):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            v = const(st.value, env)
            if v is not None: env[st.targets[0].id] = v
            elif is_extract(st.value):
                b = const(st.value.args[0], env)
                if b is not None: calls[st.targets[0].id] = b
        if isinstance(st, ast.Call) and getattr(st.func, 'id', None) == 'eq_' and len(st.args) >= 2:
            exp, call = st.args[0], st.args[1]
            body = None
            if is_extract(call): body = const(call.args[0], env)
            elif isinstance(call, ast.Name) and call.id in calls: body = calls[call.id]
            e = const(exp, env)
            if body is not None and e is not None:
                out.append({"case": fn.name, "body": body, "reply": e})
        if isinstance(st, ast.Call) and getattr(st.func, 'id', None) == '_check_pattern_original_message':
            ind = st.args[0].value
            out.append({"case": fn.name, "body": template.replace('{}', ind), "reply": "Test reply"})
fixdir = sys.argv[2]
for fn in sorted(os.listdir(fixdir)):
    if not fn.endswith('.eml'): continue
    m = email.message_from_file(open(os.path.join(fixdir, fn)))
    part = next(email.iterators.typed_subpart_iterator(m, subtype='plain'))
    payload = part.get_payload(decode=True).decode('utf8')
    rt = os.path.join(fixdir, fn[:-4] + '_reply_text')
    reply = open(rt).read().strip() if os.path.exists(rt) else 'Hello'
    out.append({"case": "standard_replies/" + fn, "body": payload, "reply": reply})
for o in out: print(json.dumps(o, ensure_ascii=False))
print(len(out), file=sys.stderr)
