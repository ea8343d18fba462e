// A chosen item shown as a chip with a "×" that says what it removes; after removing, the focus goes back to the
// search field of the picker it belongs to (`searchIn`), not to the page.
import type { ReactNode, RefObject } from "react";
import { useTranslation } from "react-i18next";

export function RemovableChip({
  name,
  children,
  onRemove,
  searchIn,
  as: Tag = "span",
}: {
  /** What the chip stands for, in the Remove button's name. */
  name: string;
  children?: ReactNode;
  onRemove(): void;
  /** The picker around the chip: its combobox takes the focus once the chip is gone. */
  searchIn: RefObject<HTMLElement | null>;
  as?: "span" | "li";
}) {
  const { t } = useTranslation();
  return (
    <Tag className="chip">
      {children ?? name}
      <button
        type="button"
        aria-label={t("common.removeNamed", { name })}
        onClick={() => {
          onRemove();
          // After the re-render: a single-choice picker shows its search field again only once the chip is gone.
          requestAnimationFrame(() =>
            searchIn.current?.querySelector<HTMLInputElement>('input[role="combobox"]')?.focus(),
          );
        }}
      >
        <span aria-hidden="true">×</span>
      </button>
    </Tag>
  );
}
