import type { RouteObject } from 'react-router';
import type { AreaNav } from './area';
import { pageRoute } from './route';

const lists = () => import('../pages/lists/WorkLists');

export const listsRoutes: RouteObject[] = [
  pageRoute('/arenden', lists, 'JourneysListPage', ['caseworker']),
  pageRoute('/att-gora', lists, 'TasksPage', ['caseworker']),
];

export const listsNav: AreaNav = {
  caseworker: [
    ['/arenden', 'lists.journeys'],
    ['/att-gora', 'lists.tasks'],
  ],
};
