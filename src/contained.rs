//! A panic inside a dependency on some odd input (the rrule crate on a
//! strange rule, say) costs that input only, a block or a series, with a
//! warning: it is caught here and not printed by the panic hook, as if the
//! whole run had failed, in front of the warning that explains it.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`contained`].
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// `f`'s result, or `None` when it panicked; such a panic prints nothing
/// (every other panic still reaches the hook as before).
pub fn contained<T>(f: impl FnOnce() -> T) -> Option<T> {
    QUIET_HOOK.call_once(|| {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !INSIDE.get() {
                hook(info);
            }
        }));
    });
    let outer = INSIDE.replace(true);
    let result = catch_unwind(AssertUnwindSafe(f)).ok();
    INSIDE.set(outer);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_none_and_the_flag_is_restored() {
        assert_eq!(contained(|| 2 + 2), Some(4));
        let panicked: Option<()> = contained(|| panic!("an odd rule"));
        assert_eq!(panicked, None);
        assert!(!INSIDE.get());
        // Nested: the inner one leaves the outer one inside.
        let nested = contained(|| {
            let inner: Option<()> = contained(|| panic!("inner"));
            (inner, INSIDE.get())
        });
        assert_eq!(nested, Some((None, true)));
    }
}
