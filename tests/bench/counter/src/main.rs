use leptos::prelude::*;

#[component]
fn Counter() -> impl IntoView {
    let (count, set_count) = signal(0);
    view! {
        <nav aria-label="Zähler">
            <button on:click=move |_| set_count.update(|n| *n += 1)>{move || count.get()}</button>
        </nav>
    }
}

fn main() {
    leptos::mount::mount_to_body(Counter);
}
