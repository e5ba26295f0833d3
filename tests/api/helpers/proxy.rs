//! A TCP proxy between Lanterne and PostgreSQL that the tests can cut or slow down, to
//! stage a database outage without stopping the PostgreSQL every other test uses.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

#[derive(Default)]
struct State {
    down: AtomicBool,
    latency_ms: AtomicU64,
    connections: Mutex<Vec<AbortHandle>>,
}

pub struct Proxy {
    pub addr: SocketAddr,
    state: Arc<State>,
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(State::default());
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if shared.down.load(Ordering::SeqCst) {
                    drop(client); // refused: the database is "down"
                    continue;
                }
                let Ok(server) = TcpStream::connect(upstream).await else {
                    continue;
                };
                let mut handles = shared.connections.lock().unwrap();
                if shared.down.load(Ordering::SeqCst) {
                    continue; // went down while this connection was being made
                }
                let (cr, cw) = client.into_split();
                let (sr, sw) = server.into_split();
                handles.push(tokio::spawn(pipe(cr, sw, shared.clone())).abort_handle());
                handles.push(tokio::spawn(pipe(sr, cw, shared.clone())).abort_handle());
            }
        });
        Proxy { addr, state }
    }

    /// Cuts every connection and refuses new ones, or lets them through again.
    pub fn set_down(&self, down: bool) {
        let mut connections = self.state.connections.lock().unwrap();
        self.state.down.store(down, Ordering::SeqCst);
        if down {
            for handle in connections.drain(..) {
                handle.abort();
            }
        }
    }

    /// Delays every chunk of data in both directions.
    pub fn set_latency(&self, latency: Duration) {
        self.state
            .latency_ms
            .store(latency.as_millis() as u64, Ordering::SeqCst);
    }
}

async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    state: Arc<State>,
) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let latency = state.latency_ms.load(Ordering::SeqCst);
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}
