// A form that only those who may edit open: a button until pressed, so readers reach the history without scrolling
// past it. The form takes the focus when opened; closing it hands the focus back to the button.
import { type ReactNode, useEffect, useRef, useState } from "react";

export function EditBehindButton({
  label,
  children,
}: {
  label: string;
  /** The form; `close` puts the button back (after a save, or on Cancel). */
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const holder = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) holder.current?.querySelector<HTMLElement>("input, select, textarea")?.focus();
    else if (wasOpen.current) button.current?.focus();
    wasOpen.current = open;
  }, [open]);
  if (!open)
    return (
      <p className="edit-behind-button">
        <button
          ref={button}
          type="button"
          className="button"
          aria-expanded={false}
          onClick={() => setOpen(true)}
        >
          {label}
        </button>
      </p>
    );
  return <div ref={holder}>{children(() => setOpen(false))}</div>;
}
