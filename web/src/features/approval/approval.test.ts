import { describe, expect, it } from 'vitest';
import { answerChoices, approvalBody, describeDecision, isEdited, statusTone, timeLeft } from './approval';

describe('approving a draft', () => {
  it('sends the suggestion as it is unless the owner changed it', () => {
    expect(approvalBody('Hello!', 'Hello!')).toEqual({});
    expect(approvalBody('Hello!', '  Hello!\n')).toEqual({});
    expect(approvalBody('Hello!', '   ')).toEqual({});
    expect(approvalBody('Hello!', ' Hi there. ')).toEqual({ text: 'Hi there.' });
    expect(isEdited('Hello!', 'Hello')).toBe(true);
    expect(isEdited('Hello!', '')).toBe(false);
  });
});

describe('statuses and decisions', () => {
  it('colours waiting, good and bad outcomes', () => {
    expect(statusTone('PENDING_APPROVAL')).toBe('warn');
    expect(statusTone('SENT')).toBe('good');
    expect(statusTone('FAILED')).toBe('bad');
    expect(statusTone('SUPERSEDED')).toBe('neutral');
    expect(statusTone('timed_out')).toBe('neutral');
  });

  it('says where a decision was taken', () => {
    expect(describeDecision({ decision: 'edited', source: 'telegram' })).toBe('edited in Telegram');
    expect(describeDecision({ decision: 'approved', source: 'web' })).toBe('approved in the web app');
    expect(describeDecision({ decision: 'timed_out', source: 'system' })).toBe('timed out automatically');
  });
});

describe('answering a request', () => {
  it('offers the options of a pending request, and a text box only for a clarification', () => {
    expect(answerChoices({ type: 'approval', status: 'pending', options: ['approve', 'reject'] })).toEqual({ options: ['approve', 'reject'], text: false });
    expect(answerChoices({ type: 'clarification', status: 'pending', options: [] })).toEqual({ options: [], text: true });
    expect(answerChoices({ type: 'approval', status: 'approved', options: ['approve', 'reject'] })).toEqual({ options: [], text: false });
  });

  it('tells how long until a timeout', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(timeLeft(null, now)).toBe('');
    expect(timeLeft('2026-11-25T12:00:30Z', now)).toBe('in 30 s');
    expect(timeLeft('2026-11-25T12:10:00Z', now)).toBe('in 10 min');
    expect(timeLeft('2026-11-25T15:00:00Z', now)).toBe('in 3 h');
    expect(timeLeft('2026-11-30T12:00:00Z', now)).toBe('in 5 days');
    expect(timeLeft('2026-11-25T11:00:00Z', now)).toBe('overdue');
  });
});
