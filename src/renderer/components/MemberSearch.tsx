import { type RefObject, useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { cardLast4, type Member, pointsText, tierName } from '../checkout/loyalty';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { playTone } from '../sound';
import { useServices } from '../stores/context';
import { ErrorAlert } from './Alert';

const TYPING_PAUSE_MS = 250;
const PAGE = 8;

type MatchedBy = 'card' | 'email' | 'phone' | 'name';

interface Found {
  query: string;
  items: Member[];
  nextCursor: string | null;
  matchedBy: MatchedBy;
}

const MATCHED: Record<MatchedBy, string> = {
  card: 'by card number',
  email: 'by email',
  phone: 'by phone',
  name: 'by name',
};

export interface MemberSearchProps {
  /** a member was chosen (Enter, a tap, or the one card or contact that matches) */
  onPick(member: Member): void;
  /** the member who cannot be chosen (a transfer's giver) */
  excludeId?: string;
  label?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  /** what the field starts with */
  initialQuery?: string;
  /** the text typed, for a caller that offers to enrol with it */
  onQueryChange?(query: string): void;
  disabled?: boolean;
}

/**
 * Find a member by what the customer says or shows: a phone, an email, the card (typed or
 * scanned) or the start of the name — results as you type (loyalty.find); ↑ ↓ and Enter, or a
 * tap, choose. Enter on a card, email or phone that one member has chooses them at once.
 */
export function MemberSearch({
  onPick,
  excludeId,
  label = 'Phone, email, card or name',
  inputRef,
  initialQuery = '',
  onQueryChange,
  disabled,
}: MemberSearchProps) {
  const { api, session } = useServices();
  const [query, setQuery] = useState(initialQuery);
  const [found, setFound] = useState<Found | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(false);
  const ownRef = useRef<HTMLInputElement>(null);
  const fieldRef = inputRef ?? ownRef;
  const asked = useRef(0);
  const id = useId();

  const shown = (found?.items ?? []).filter((member) => member.id !== excludeId);

  /** Ask the core; the answer to an older question than the last is dropped. */
  const search = async (text: string, cursor?: string): Promise<Found | null> => {
    const trimmed = text.trim();
    const ask = ++asked.current;
    if (trimmed === '') {
      setFound(null);
      setLoading(false);
      return null;
    }
    setLoading(true);
    const result = await api.invoke('loyalty.find', { query: trimmed, limit: PAGE, ...(cursor ? { cursor } : {}) });
    if (ask !== asked.current) return null;
    setLoading(false);
    if (!result.ok) {
      setError(result.error);
      return null;
    }
    setError(null);
    const next: Found = {
      query: trimmed,
      items: cursor && found ? [...found.items, ...result.data.items] : result.data.items,
      nextCursor: result.data.nextCursor,
      matchedBy: result.data.matchedBy,
    };
    setFound(next);
    if (!cursor) setActive(0);
    return next;
  };

  // results as you type, once the typing pauses
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is the trigger; search reads the latest state
  useEffect(() => {
    onQueryChange?.(query);
    if (query.trim() === found?.query) return;
    const timer = setTimeout(() => void search(query), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  /** Enter: the highlighted member of an answer to this very text, or — a card, email or phone — the one who has it. */
  const choose = async () => {
    const current = found?.query === query.trim() ? found : await search(query);
    if (!current) return;
    const items = current.items.filter((member) => member.id !== excludeId);
    const member = items[Math.min(active, items.length - 1)];
    if (member) onPick(member);
    else if (current.matchedBy !== 'name') playTone('error', session.getState().settings?.sound);
  };

  // a card scanned while the search is open: looked up at once (the scanner's Enter never reaches
  // the field); whatever else came in at scanner speed and ended in Enter is a question and its Enter
  useBarcodeScanner((code) => {
    if (disabled) return;
    // the scanner typed the code into the field (after anything typed before): the code alone is the question
    setQuery(code);
    void search(code).then((answer) => {
      const member = answer?.items.find((item) => item.id !== excludeId);
      if (member) onPick(member);
      else if (answer) playTone('error', session.getState().settings?.sound);
    });
  });

  const listId = `${id}-results`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const noMatch = found !== null && found.query === query.trim() && shown.length === 0;

  return (
    <div className="member-search">
      <div className="field">
        <label className="field-label" htmlFor={`${id}-query`}>
          {label}
        </label>
        <input
          ref={fieldRef}
          id={`${id}-query`}
          className="input input-large"
          type="text"
          role="combobox"
          aria-expanded={shown.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown.length > 0 ? optionId(Math.min(active, shown.length - 1)) : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          value={query}
          disabled={disabled}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              if (shown.length === 0) return;
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setActive((index) => (Math.min(index, shown.length - 1) + step + shown.length) % shown.length);
            } else if (event.key === 'Enter') {
              event.preventDefault();
              void choose();
            }
          }}
        />
      </div>
      <ErrorAlert error={error} />
      <p className="member-search-summary" aria-live="polite">
        {loading
          ? 'Looking…'
          : noMatch
            ? `No member found ${MATCHED[found.matchedBy]}.`
            : found && shown.length > 0
              ? `${shown.length === 1 ? '1 member' : `${shown.length} members`} found ${MATCHED[found.matchedBy]}${found.nextCursor ? ' (more below)' : ''}`
              : ''}
      </p>
      <div id={listId} role="listbox" aria-label="Members found" className="member-results">
        {shown.map((member, index) => {
          const card = cardLast4(member.cardNumber);
          const selected = index === Math.min(active, shown.length - 1);
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: chosen by keyboard from the combobox (↑ ↓ Enter), by tap here
            <div
              key={member.id}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={selected}
              className={`member-result${selected ? ' member-result-active' : ''}`}
              onClick={() => !disabled && onPick(member)}
            >
              <span className="member-result-main">
                <strong>{member.name}</strong>
                <span className="muted">
                  {[card ? `Card ${card}` : null, tierName(member.tier), member.active ? null : 'card stopped'].filter(Boolean).join(' · ')}
                </span>
              </span>
              <span className="member-result-points">{pointsText(member.pointsBalance)}</span>
            </div>
          );
        })}
      </div>
      {found?.nextCursor && (
        <button
          type="button"
          className="button button-small member-results-more"
          disabled={disabled || loading}
          onClick={() => void search(found.query, found.nextCursor ?? undefined)}
        >
          More members
        </button>
      )}
    </div>
  );
}
