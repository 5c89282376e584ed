"""irctest controller for tcpkit's chat: starts target/server.jar chat with its IRC door on the test's port.

Used by bench/irctest.sh, which copies this file into an irctest checkout as
irctest/controllers/tcpkit.py. TCPKIT_SERVER_JAR names the jar and TCPKIT_JAVA the java binary.
"""
import base64
import hashlib
import os
from typing import Optional, Set, Type

from irctest.basecontrollers import BaseServerController, DirectoryBasedController
from irctest.runner import NotImplementedByController


class TcpkitController(BaseServerController, DirectoryBasedController):
    software_name = "tcpkit"
    supported_sasl_mechanisms: Set[str] = {"PLAIN"}
    supports_sts = False

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: Optional[str],
        ssl: bool,
        run_services: bool,
        faketime: Optional[str],
        websocket_hostname: Optional[str],
        websocket_port: Optional[int],
    ) -> None:
        if password is not None:
            raise NotImplementedByController("server-wide password (tcpkit's PASS is an account's password)")
        if ssl:
            raise NotImplementedByController("TLS in the test controller")
        # No services: the chat's accounts are those of its user file, which registerUser writes and the server
        # reads again when it changes.
        assert self.proc is None
        self.websocket_port = websocket_port
        self.warmed = False
        self.port = port
        self.hostname = hostname
        self.create_config()
        assert self.directory
        # The operator irctest uses (OPER operuser operpassword), as an account of a user file.
        with self.open_file("users.properties") as fd:
            fd.write(account_line("operuser", "operpassword"))
        self.proc = self.execute(
            [
                os.environ.get("TCPKIT_JAVA", "java"),
                "-jar",
                os.environ["TCPKIT_SERVER_JAR"],
                "chat",
                "--no-prompt",
                "--host", hostname,
                "--port", "0",
                "--irc-port", str(port),
                "--port-tries", "1",
                "--flood-rate", "100000",
                "--flood-burst", "100000",
                "--max-per-address", "0",
                "--log-file", str(self.directory / "server.log"),
                "--users", str(self.directory / "users.properties"),
                "--irc-opers", "operuser",
                # What the suite expects a server to say it is, in LINKS.
                "--irc-info", "test server",
            ]
            + (["--web-port", str(websocket_port)] if websocket_port is not None else [])
            + os.environ.get("TCPKIT_OPTIONS", "").split()
        )


    def wait_for_port(self) -> None:
        super().wait_for_port()
        if self.websocket_port is not None and not self.warmed:
            self.warmed = True
            self.warm_up()

    def warm_up(self) -> None:
        """One client's short session, over TCP and over the WebSocket, before the suite's clients come.

        A JVM runs its first messages interpreted, a few milliseconds each; the suite's WebSocket tests send a
        PRIVMSG from one client and at once a PING from another, and expect the PRIVMSG's delivery first. One
        client at a time, so no count the suite checks (LUSERS' maxima) moves.
        """
        import socket
        from websockets.sync.client import connect

        session = ["NICK warmup", "USER warmup 0 * :warm-up", "JOIN #warmup", "PRIVMSG #warmup :hello",
                   "PRIVMSG warmup :hello", "PART #warmup", "PING done"]
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as plain:
                plain.sendall("".join(line + "\r\n" for line in session).encode())
                received = b""
                while b"PONG" not in received:
                    received += plain.recv(4096)
                plain.sendall(b"QUIT\r\n")
            with connect(f"ws://127.0.0.1:{self.websocket_port}/", subprotocols=["text.ircv3.net"]) as web:
                for line in session:
                    web.send(line)
                while "PONG" not in web.recv(timeout=5):
                    pass
                web.send("QUIT")

    def wait_for_services(self) -> None:
        """Nothing to wait for: accounts are the user file's."""

    def registerUser(self, case, username: str, password: Optional[str] = None) -> None:
        assert self.directory
        # Written whole to a new file and moved into place, as the server's own user store writes it.
        users = self.directory / "users.properties"
        temporary = self.directory / "users.properties.new"
        temporary.write_text(users.read_text() + account_line(username, password or "sesame"))
        os.replace(temporary, users)


def account_line(name: str, password: str) -> str:
    """One account of a user file: its name and a PBKDF2-SHA256 hash of its password."""
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000, 32)
    b64 = lambda b: base64.b64encode(b).decode().rstrip("=")
    return f"user.{name}=pbkdf2-sha256$1000${b64(salt)}${b64(digest)}\n"


def get_irctest_controller_class() -> Type[TcpkitController]:
    return TcpkitController
