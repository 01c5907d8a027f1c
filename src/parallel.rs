//! Two pieces of work side by side: the one helper the loader's analysis, the checks
//! and the solver use to put a second core to work on a large KB.

/// Runs `a` on a second thread while `b` runs on this one, when `side_by_side`;
/// otherwise one after the other here. A panic in `a` goes on in the caller.
pub fn join<A: Send, B>(
    side_by_side: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    if !side_by_side {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        let a = a
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}
