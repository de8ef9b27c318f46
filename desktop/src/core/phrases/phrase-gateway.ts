// 定型文 for the screens. The list is read from the server when it can be reached — when a picker
// opens, and after every sync — and then kept in the user's encrypted cache (replacing the last
// one), so the pickers of the SOAP editor and of the forms still list the user's and their office's
// phrases offline, including one a colleague added on another PC since this one started. Changes
// need the server: a phrase added offline could not be checked against the office's rules.
import type { ServerConnection } from '../connection/server-connection';
import { fail } from '../desktop-error';
import type { SessionManager, UserSession } from '../session/session-manager';
import { LOCAL_ERRORS } from '../user-messages';
import type { CreatePhraseInput, PhraseListView, PhraseView, UpdatePhraseInput } from '../../shared/phrase-views';
import type { ChartApi } from '../api/chart-api';
import { livePhraseViews, phraseView } from './phrase-views';

export class PhraseGateway {
  constructor(
    private readonly sessions: SessionManager,
    private readonly connection: ServerConnection,
  ) {}

  async listPhrases(): Promise<PhraseListView> {
    const { token, cache } = this.sessions.require();
    return this.connection.ask<PhraseListView>(
      Boolean(token),
      async (api) => {
        const phrases = livePhraseViews(await api.chart.listPhrases());
        cache.phrases = phrases;
        return { phrases, source: 'server' };
      },
      () => ({ phrases: cache.phrases ?? [], source: 'cache' }),
    );
  }

  /** After a sync: the list as the server has it now, kept for offline use (the change feed does not carry phrases). */
  async refreshCache(session: UserSession, chart: ChartApi): Promise<void> {
    if (!session.token) return;
    session.cache.phrases = livePhraseViews(await chart.listPhrases());
  }

  async createPhrase(input: CreatePhraseInput): Promise<PhraseView> {
    return phraseView(await this.withServer((chart) => chart.createPhrase(input)));
  }

  async updatePhrase(input: UpdatePhraseInput): Promise<PhraseView> {
    return phraseView(await this.withServer((chart) => chart.updatePhrase(input)));
  }

  async deletePhrase(phraseId: string): Promise<void> {
    await this.withServer((chart) => chart.deletePhrase(phraseId));
  }

  private withServer<T>(call: (chart: ChartApi) => Promise<T>): Promise<T> {
    const { token } = this.sessions.require();
    return this.connection.ask(
      Boolean(token),
      (api) => call(api.chart),
      () => fail(LOCAL_ERRORS.chartNeedsConnection),
    );
  }
}
