package dev.s2s.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port to a server, which a test can cut (every connection
 * closed, new ones refused at once) and mend: a database outage without stopping the
 * database.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	public TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "tcp-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return server.getLocalPort();
	}

	/** Closes every connection and refuses new ones until {@link #mend()}. */
	public void cut() {
		cut = true;
		open.forEach(TcpProxy::closeQuietly);
		open.clear();
	}

	public void mend() {
		cut = false;
	}

	private void accept() {
		while (!server.isClosed()) {
			try {
				Socket client = server.accept();
				if (cut) {
					closeQuietly(client);
					continue;
				}
				Socket target = new Socket();
				target.connect(new InetSocketAddress(targetHost, targetPort), 2000);
				open.add(client);
				open.add(target);
				pipe(client, target);
				pipe(target, client);
			}
			catch (IOException ex) {
				// Closed, or the target refused: the client sees its connection end.
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread copier = new Thread(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// One side closed.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pipe");
		copier.setDaemon(true);
		copier.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	@Override
	public void close() {
		cut();
		try {
			server.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

}
