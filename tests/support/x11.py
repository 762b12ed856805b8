"""Window actions a person does with the window manager, sent to the X server directly
(Xvfb runs no window manager)."""

from Xlib import X, display, protocol


def close(display_name, window_id):
    """Asks the window to close, as its title bar's close button does (WM_DELETE_WINDOW)."""
    d = display.Display(display_name)
    try:
        window = d.create_resource_object("window", int(window_id))
        protocols = d.intern_atom("WM_PROTOCOLS")
        delete = d.intern_atom("WM_DELETE_WINDOW")
        event = protocol.event.ClientMessage(window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
        window.send_event(event, event_mask=X.NoEventMask)
        d.flush()
    finally:
        d.close()


def state(display_name, window_id):
    """'normal', 'iconic' (minimised) or 'withdrawn' (hidden), from the window's WM_STATE or
    its map state when no window manager set one."""
    d = display.Display(display_name)
    try:
        window = d.create_resource_object("window", int(window_id))
        wm_state = window.get_wm_state()
        if wm_state is not None and wm_state.state == 3:
            return "iconic"
        attributes = window.get_attributes()
        return "normal" if attributes.map_state == X.IsViewable else "withdrawn"
    finally:
        d.close()
