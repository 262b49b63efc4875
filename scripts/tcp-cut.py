#!/usr/bin/env python3
"""A TCP forwarder that can cut the line: the database outage of the reliability tests.

    python3 scripts/tcp-cut.py --target 127.0.0.1:5432 [--port 0]

Prints `listening PORT` when ready. Then reads commands on stdin, one per line:
`cut` closes every forwarded connection and refuses new ones (as a stopped server does),
`restore` accepts again. Each command is answered `ok cut` / `ok restore` once in effect.
Loopback only; stops when stdin closes.
"""
import argparse
import asyncio
import sys


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    live: set[asyncio.StreamWriter] = set()
    state = {"cut": False}

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if state["cut"]:
            client_writer.transport.abort()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            client_writer.transport.abort()
            return
        live.update({client_writer, server_writer})
        try:
            await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
        except asyncio.CancelledError:
            pass  # shutting down
        live.difference_update({client_writer, server_writer})

    server = await asyncio.start_server(handle, "127.0.0.1", args.port)
    print(f"listening {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    while line := await stdin.readline():
        command = line.decode().strip()
        if command == "cut":
            state["cut"] = True
            for writer in list(live):
                writer.transport.abort()
            live.clear()
        elif command == "restore":
            state["cut"] = False
        else:
            print(f"unknown {command}", flush=True)
            continue
        print(f"ok {command}", flush=True)
    server.close()


asyncio.run(main())
