#!/usr/bin/env python3
"""Writes the recorded event streams of this folder (run it again after changing it; the output is deterministic).

Each stream is what an engine sends on the socket for `GET /events?filters={"type":{"container":true}}`:
  NAME.http    the bytes of the HTTP response, status line to last byte (chunked transfer encoding)
  NAME.reads   the length of each write the engine makes, one per line: a reader sees at most one write
               per read, so these are the read boundaries the tests replay
  NAME.events  what a decoder must get from it, one event per line: TYPE ACTION ACTOR-ID [KEY=VALUE...]
Built from the documented formats (Docker Engine API EventMessage, podman's compat API), with our own ids,
names and labels:
  docker-20.10  API 1.41: every event with both shapes (status/id/from and Type/Action/Actor), one chunk
                per event, one write per chunk, as Docker 20.10 flushes them
  docker-29     API 1.52 (Docker Engine 29): Type/Action/Actor only, application/x-ndjson; chunks join
                several events and split one; writes split a chunk-size line, a JSON string, a UTF-8 character
  podman-4.3    podman's Docker-compatible API (API 1.41, libpod 4.3): both shapes, podman's extra
                attributes (containerExitCode, podId), its init and restart events, a restart as
                restart, die, init, start
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
A = "a1" * 32  # container ids: 64 hex digits
B = "b2" * 32
C = "c3" * 32
T0 = 1767225600  # 2026-01-01T00:00:00Z


def compose_labels(project, service, number):
    return {
        "com.docker.compose.config-hash": "5f" * 32,
        "com.docker.compose.container-number": str(number),
        "com.docker.compose.oneoff": "False",
        "com.docker.compose.project": project,
        "com.docker.compose.project.working_dir": "/srv/" + project,
        "com.docker.compose.service": service,
        "com.docker.compose.version": "2.26.1",
    }


def event(old_shape, type_, action, actor, attributes, seq, image="local/busybox"):
    """One event object, keys in the engines' order (Go marshals struct fields in declaration order)."""
    e = {}
    if old_shape and type_ == "container":
        e["status"] = action
        e["id"] = actor
        e["from"] = attributes.get("image", image)
    e["Type"] = type_
    e["Action"] = action
    e["Actor"] = {"ID": actor, "Attributes": dict(sorted(attributes.items()))}
    e["scope"] = "local"
    e["time"] = T0 + seq
    e["timeNano"] = (T0 + seq) * 1_000_000_000 + 123456789 + seq
    return json.dumps(e, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def chunk(data):
    return b"%x\r\n" % len(data) + data + b"\r\n"


def headers(lines):
    return ("HTTP/1.1 200 OK\r\n" + "".join(l + "\r\n" for l in lines) + "\r\n").encode()


def expected_line(type_, action, actor, attributes):
    keys = ("name", "com.docker.compose.project", "com.docker.compose.service",
            "com.docker.compose.container-number", "io.podman.compose.project", "exitCode")
    extras = [f"{k}={attributes[k]}" for k in keys if k in attributes]
    return " ".join([type_, action, actor] + extras)


def write(name, writes, events):
    data = b"".join(writes)
    with open(os.path.join(HERE, name + ".http"), "wb") as f:
        f.write(data)
    with open(os.path.join(HERE, name + ".reads"), "w") as f:
        f.write("".join(f"{len(w)}\n" for w in writes))
    with open(os.path.join(HERE, name + ".events"), "w") as f:
        f.write("".join(line + "\n" for line in events))


def docker_20_10():
    h1 = dict(compose_labels("demo", "h1", 1), image="local/busybox", name="demo-h1-1")
    r0 = dict(compose_labels("demo", "r0", 1), image="local/busybox", name="demo-r0-1", maintainer="Zoë Müller")
    sequence = [
        ("container", "create", A, h1),
        ("container", "start", A, h1),
        ("container", "create", B, r0),
        ("container", "start", B, r0),
        ("container", "kill", A, dict(h1, signal="15")),
        ("container", "die", A, dict(h1, exitCode="143")),
        ("container", "stop", A, h1),
        ("container", "start", A, h1),
        ("container", "destroy", B, r0),
    ]
    writes = [headers(["Api-Version: 1.41", "Content-Type: application/json", "Docker-Experimental: false",
                       "Ostype: linux", "Server: Docker/20.10.24+dfsg1 (linux)",
                       "Date: Thu, 01 Jan 2026 00:00:00 GMT", "Transfer-Encoding: chunked"])]
    for seq, (t, a, actor, attrs) in enumerate(sequence):
        writes.append(chunk(event(True, t, a, actor, attrs, seq)))
    write("docker-20.10", writes, [expected_line(*s) for s in sequence])


def docker_29():
    n1 = dict(compose_labels("edge", "node", 1), image="local/busybox", name="edge-node-1")
    n2 = dict(compose_labels("edge", "node", 2), image="local/busybox", name="edge-node-2", note="naïve café ✓")
    sequence = [
        ("container", "create", A, n1),
        ("container", "start", A, n1),
        ("container", "create", B, n2),
        ("container", "start", B, n2),
        ("container", "die", A, dict(n1, exitCode="0")),
        ("container", "start", A, n1),
        ("container", "kill", B, dict(n2, signal="9")),
        ("container", "die", B, dict(n2, exitCode="137")),
        ("container", "destroy", B, n2),
    ]
    bodies = [event(False, t, a, actor, attrs, seq) for seq, (t, a, actor, attrs) in enumerate(sequence)]
    head = headers(["Api-Version: 1.52", "Content-Type: application/x-ndjson", "Docker-Experimental: false",
                    "Ostype: linux", "Server: Docker/29.1.2 (linux)", "Date: Thu, 01 Jan 2026 00:00:00 GMT",
                    "Transfer-Encoding: chunked"])
    # chunks: [create A], [start A + create B] (two in one), [start B] split over two chunks, [die A],
    # [start A + kill B + die B] (three in one), [destroy B]
    split = len(bodies[3]) // 2
    chunks = [chunk(bodies[0]), chunk(bodies[1] + bodies[2]), chunk(bodies[3][:split]),
              chunk(bodies[3][split:]), chunk(bodies[4]), chunk(bodies[5] + bodies[6] + bodies[7]),
              chunk(bodies[8]), b"0\r\n\r\n"]
    stream = head + b"".join(chunks)
    # writes: the headers split inside a line; then cuts inside a chunk-size line, inside a JSON string,
    # inside a multi-byte UTF-8 character, on a chunk boundary, and one write holding several chunks
    cuts = sorted({
        head.index(b"Content-Type") + 5,
        len(head),
        len(head) + len(chunks[0]) + 1,                       # inside the size line of chunk 2
        stream.index(b'"Action":"start"', len(head) + len(chunks[0])) + 11,   # inside a string
        stream.index("ï".encode()) + 1,                        # between the two bytes of ï
        stream.index("✓".encode()) + 2,                        # inside the three bytes of ✓
        len(stream) - len(chunks[-1]) - len(chunks[-2]) - len(chunks[-3]),  # a write of three chunks follows
        len(stream) - len(chunks[-1]),
    })
    writes, start = [], 0
    for cut in cuts + [len(stream)]:
        writes.append(stream[start:cut])
        start = cut
    write("docker-29", writes, [expected_line(*s) for s in sequence])


def podman_4_3():
    # podman's event attributes: its own (containerExitCode, image, name, podId) plus the container's labels
    def attrs(name, labels, exit_code="0"):
        return dict(labels, containerExitCode=exit_code, image="localhost/local/busybox:latest", name=name, podId="")
    web = compose_labels("pm", "web", 1)
    pc = {"io.podman.compose.project": "pcx", "com.docker.compose.project": "pcx",
          "com.docker.compose.service": "db", "com.docker.compose.container-number": "1",
          "io.podman.compose.config-hash": "ab" * 32, "io.podman.compose.version": "1.0.3", "PODMAN_SYSTEMD_UNIT": "podman-compose@pcx.service"}
    sequence = [
        ("container", "create", A, attrs("pm-web-1", web)),
        ("container", "init", A, attrs("pm-web-1", web)),
        ("container", "start", A, attrs("pm-web-1", web)),
        ("container", "create", C, attrs("pcx_db_1", pc)),
        ("container", "init", C, attrs("pcx_db_1", pc)),
        ("container", "start", C, attrs("pcx_db_1", pc)),
        ("container", "restart", A, attrs("pm-web-1", web)),
        ("container", "die", A, dict(attrs("pm-web-1", web, "137"), exitCode="137")),
        ("container", "init", A, attrs("pm-web-1", web)),
        ("container", "start", A, attrs("pm-web-1", web)),
        ("container", "die", C, dict(attrs("pcx_db_1", pc, "0"), exitCode="0")),
        ("container", "cleanup", C, attrs("pcx_db_1", pc)),
        ("container", "remove", C, attrs("pcx_db_1", pc)),
    ]
    writes = [headers(["Api-Version: 1.41", "Content-Type: application/json", "Libpod-Api-Version: 4.3.1",
                       "Server: Libpod/4.3.1 (linux)", "X-Reference-Id: 0xc000122020",
                       "Date: Thu, 01 Jan 2026 00:00:00 GMT", "Transfer-Encoding: chunked"])]
    for seq, (t, a, actor, at) in enumerate(sequence):
        writes.append(chunk(event(True, t, a, actor, at, seq, image="localhost/local/busybox:latest")))
    write("podman-4.3", writes, [expected_line(*s) for s in sequence])


docker_20_10()
docker_29()
podman_4_3()
