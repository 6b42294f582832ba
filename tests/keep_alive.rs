//! A small HTTP/1.1 server with keep-alive that counts connections and requests, for load
//! tests and benchmarks: wiremock does not tell how many connections it accepted.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server on 127.0.0.1 that answers every request with the same `200` JSON body and keeps
/// connections open for the next request. It only reads request heads: use it for calls
/// without a request body (`GET`).
pub struct KeepAliveServer {
    /// `http://127.0.0.1:PORT/v1`.
    pub base_url: String,
    connections: Arc<AtomicUsize>,
    open: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl KeepAliveServer {
    /// Starts the server on the current tokio runtime.
    pub async fn start(body: Vec<u8>) -> KeepAliveServer {
        // A deep accept queue: a thousand clients connecting at once must not overflow it
        // (a dropped SYN is retried a second later, which would skew any measurement).
        let socket = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
        socket
            .bind(([127, 0, 0, 1], 0).into())
            .expect("bind an ephemeral port");
        let listener = socket.listen(4096).expect("listen");
        let address = listener.local_addr().expect("local address");
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        let response: Arc<[u8]> = response.into();
        let connections = Arc::new(AtomicUsize::new(0));
        let open = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let task = {
            let (connections, open, requests) =
                (connections.clone(), open.clone(), requests.clone());
            tokio::spawn(async move {
                loop {
                    let Ok((socket, _)) = listener.accept().await else {
                        continue;
                    };
                    connections.fetch_add(1, Ordering::SeqCst);
                    open.fetch_add(1, Ordering::SeqCst);
                    let (open, requests, response) =
                        (open.clone(), requests.clone(), response.clone());
                    tokio::spawn(async move {
                        serve(socket, &requests, &response).await;
                        open.fetch_sub(1, Ordering::SeqCst);
                    });
                }
            })
        };
        KeepAliveServer {
            base_url: format!("http://{address}/v1"),
            connections,
            open,
            requests,
            task,
        }
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for KeepAliveServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Answers requests on one connection until the client closes it.
async fn serve(mut socket: tokio::net::TcpStream, requests: &AtomicUsize, response: &[u8]) {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0_u8; 4096];
    loop {
        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            buffer.drain(..end + 4);
            requests.fetch_add(1, Ordering::SeqCst);
            if socket.write_all(response).await.is_err() {
                return;
            }
        }
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The `getBillingHistory` answer the load tests and benchmarks serve: two bills.
pub fn two_bills() -> Vec<u8> {
    serde_json::json!({"billList": [
        {"amount": 28734, "paymentStatus": "paid", "state": "closed", "yearMonth": "202208"},
        {"amount": 27075, "paymentStatus": "paid", "state": "closed", "yearMonth": "202207"}
    ]})
    .to_string()
    .into_bytes()
}

/// Open file descriptors of this process (Linux: entries of `/proc/self/fd`).
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|dir| dir.count())
        .expect("read /proc/self/fd")
}
