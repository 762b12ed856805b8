//! Vigie's desktop app: the tray with its unread badge, native pop-ups and the window, over the
//! engine's application layer (`vigie::app`). The shell only parses, calls and shows.

pub mod badge;
pub mod bindings;
pub mod commands;
pub mod desk;
pub mod events;
pub mod host;
pub mod ipc;
pub mod live;
pub mod popups;
pub mod tray;
pub mod window;

use desk::Desk;
use live::Running;
use std::path::PathBuf;
use tauri::{AppHandle, Builder, Manager, RunEvent, Runtime};

/// How the app was started.
#[derive(Debug, Clone, Copy, Default)]
pub struct Launch {
    /// Started at login: stay in the tray, window hidden (`--hidden`).
    pub hidden: bool,
    /// Load the demo firm when the store holds no cabinet (`--demo`, the README's command).
    pub demo: bool,
}

/// The commands, the events and the state on any builder: `tauri::Builder::default()` for the
/// app, `tauri::test::mock_builder()` to test the commands without a window (`desktop: None`:
/// no tray, window or scheduler).
pub fn run<R: Runtime>(builder: Builder<R>, desk: Desk, desktop: Option<Launch>) -> Builder<R> {
    let specta = bindings::builder::<R>();
    builder
        .invoke_handler(specta.invoke_handler())
        .manage(desk)
        .manage(Running::default())
        .manage(commands::export::ExportFolder::default())
        .setup(move |app| {
            specta.mount_events(app);
            app.state::<commands::export::ExportFolder>().resolve(app.handle());
            match desktop {
                Some(launch) => start_desktop(app.handle(), launch),
                None => Ok(()),
            }
        })
}

/// The desktop app: store, plugins, tray, window, scheduler; returns when "Quitter" is chosen.
pub fn main() {
    let launch =
        Launch { hidden: std::env::args().any(|a| a == "--hidden"), demo: std::env::args().any(|a| a == "--demo") };
    vigie::store::restrict_new_files();
    let data_dir = match vigie::app::launch::data_dir(std::env::var_os("VIGIE_DATA_DIR").map(PathBuf::from)) {
        Ok(dir) => dir,
        Err(e) => return fatal(&e),
    };
    let logs = match vigie::logs::start(&vigie::logs::dir(&data_dir)) {
        Ok(guard) => Some(guard),
        Err(e) => {
            eprintln!("vigie: no log file: {e}");
            None
        }
    };
    let clock = match vigie::app::launch::clock_from_env() {
        Ok(clock) => clock,
        Err(e) => return fatal(&e),
    };
    let desk = Desk::open(&data_dir, clock);
    let builder = Builder::default()
        // First: a second launch shows this instance's window and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| window::show(app)))
        .plugin(tauri_plugin_autostart::Builder::new().args(["--hidden"]).build())
        .plugin(
            tauri_plugin_window_state::Builder::new()
                // Shown or hidden is decided at launch (`--hidden`), not restored.
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::all() - tauri_plugin_window_state::StateFlags::VISIBLE,
                )
                .build(),
        )
        .plugin(tauri_plugin_opener::init());
    let app = match run(builder, desk, Some(launch)).build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("vigie: the app cannot start: {e}");
            tracing::error!("the app cannot start: {e}");
            std::process::exit(1);
        }
    };
    let code = app.run_return(|app, event| {
        // The tray keeps the app alive: only "Quitter" ends it.
        if let RunEvent::ExitRequested { api, .. } = event
            && !app.state::<Desk>().quitting()
        {
            api.prevent_exit();
        }
    });
    tracing::info!("Vigie quit");
    // The last log lines reach the file before the process ends.
    drop(logs);
    std::process::exit(code);
}

/// The tray, the window, and (once the store is open) the live updates and the scheduler.
fn start_desktop<R: Runtime>(app: &AppHandle<R>, launch: Launch) -> Result<(), Box<dyn std::error::Error>> {
    let desk = app.state::<Desk>();
    if launch.demo
        && let Ok(vigie) = desk.vigie()
        && vigie.list_cabinets().is_ok_and(|c| c.is_empty())
        && let Err(e) = vigie.start_demo()
    {
        tracing::error!("the demo firm was not loaded: {e}");
    }
    tray::build(app)?;
    window::create(app, !launch.hidden)?;
    let handle = app.clone();
    desk.when_open(Box::new(move |vigie| live::start(&handle, vigie)));
    Ok(())
}

/// "Quitter": stops the scheduler cleanly (a running job finishes), then ends the app.
pub fn quit<R: Runtime>(app: &AppHandle<R>) {
    app.state::<Desk>().set_quitting();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        app.state::<Running>().stop().await;
        app.exit(0);
    });
}

fn fatal(error: &vigie::Error) {
    eprintln!("vigie: {}", vigie::error::french::message(error));
    std::process::exit(1);
}
