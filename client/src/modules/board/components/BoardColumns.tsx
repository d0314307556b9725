import { useI18n } from "@/app/i18n/I18nProvider";
import type { BoardReferralFragment } from "@/gql/graphql";
import { type BoardTab, COLUMNS, groupByColumn } from "../hooks/board-columns";
import type { ActionOutcome } from "../hooks/useReferralActions";
import { ReferralCard } from "./ReferralCard";

/** One column per stage; each a list, in reading order, so the keyboard goes column by column. */
export function BoardColumns(props: {
  referrals: readonly BoardReferralFragment[];
  structureId: string;
  tab: BoardTab;
  now: number;
  focusId: string | null;
  updated: ReadonlySet<string>;
  notices: Readonly<Record<string, string>>;
  onStart(id: string): void;
  onDone(id: string, outcome: ActionOutcome): void;
}) {
  const { t } = useI18n();
  const columns = groupByColumn(props.referrals, props.structureId, props.tab, props.now);
  return (
    <div className="board-columns">
      {COLUMNS.map(({ key }) => {
        const items = columns[key];
        return (
          <section
            key={key}
            className={`board-column column-${key}`}
            aria-labelledby={`column-${key}`}
          >
            <h2 id={`column-${key}`}>
              {t(`board.column.${key}`)} <span className="count">({items.length})</span>
            </h2>
            {items.length === 0 ? (
              <p className="column-empty">{t("board.column.empty")}</p>
            ) : (
              <ol>
                {items.map((r) => (
                  <li key={r.id}>
                    <ReferralCard
                      referral={r}
                      tab={props.tab}
                      now={props.now}
                      focused={props.focusId === r.id}
                      updated={props.updated.has(r.id)}
                      notice={props.notices[r.id]}
                      onStart={props.onStart}
                      onDone={props.onDone}
                    />
                  </li>
                ))}
              </ol>
            )}
          </section>
        );
      })}
    </div>
  );
}
