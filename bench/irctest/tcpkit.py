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
    sync_sleep_time = 0.1
    """Each connection has its own thread, so two clients' lines arriving within microseconds of each other are
    handled side by side, not in arrival order: a PRIVMSG from one client may reach its addressee after the PONG
    to a PING another client sent a few microseconds later. The suite reads a client's messages up to the PONG
    of a PING it sends; waiting first lets a line another client has just sent arrive: 10 ms is enough on a quiet
    machine, not on a loaded one; 100 ms, as Sable's controller has. (Each client's own lines are answered in
    order.)"""

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
